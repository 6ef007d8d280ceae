namespace Vigia.Statistics.Projection;

/// <summary>
/// Perpetrators are free text ("MS13", "Barrio 18 Sureños"); selectors match them and series are
/// keyed by them trimmed and lower-case, so "MS13" and "ms13" are one perpetrator.
/// </summary>
public static class PerpetratorKeys
{
    public static string Of(string? perpetrator) => perpetrator?.Trim().ToLowerInvariant() ?? "";
}
