namespace Vigia.Detection;

/// <summary>The spacing of a count series: one count per day or one per week.</summary>
public enum SeriesFrequency
{
    Daily,
    Weekly,
}
