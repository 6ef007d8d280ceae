namespace Vigia.LoadTool.Reporting;

/// <summary>Nearest-rank percentiles: each one is a value that was actually observed.</summary>
public static class Percentiles
{
    public static TimeSpan Of(IReadOnlyList<TimeSpan> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
