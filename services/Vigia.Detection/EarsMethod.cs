namespace Vigia.Detection;

/// <summary>The three EARS variants of the CDC's Early Aberration Reporting System (Hutwagner et al. 2003).</summary>
public enum EarsMethod
{
    /// <summary>C1-MILD: the last 7 points are the baseline.</summary>
    C1,

    /// <summary>C2-MEDIUM: the 7 points before a 2-point guard band are the baseline.</summary>
    C2,

    /// <summary>C3-ULTRA: the sum of the C2 excesses over one standard deviation on this point and the two before.</summary>
    C3,
}
