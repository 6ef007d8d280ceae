namespace Vigia.Detection;

/// <summary>
/// "<c>count</c> or more within <c>windowDays</c> days": alarms when the sum over the window ending at t reaches the count.
/// On a weekly series the window covers ceil(windowDays / 7) weeks.
/// </summary>
public sealed class ThresholdDetector(int count, int windowDays) : IDetector
{
    public string Name => "threshold";

    public int Count { get; } = count > 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), "The count must be positive.");

    public int WindowDays { get; } = windowDays > 0 ? windowDays : throw new ArgumentOutOfRangeException(nameof(windowDays), "The window must be at least one day.");

    public DetectionResult Evaluate(ReadOnlySpan<double> counts, int t, SeriesFrequency frequency, DateOnly firstDate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t, counts.Length);
        var window = WindowPoints(frequency);
        var start = Math.Max(0, t - window + 1);
        var observed = Sum(counts[start..(t + 1)]);
        var expected = start > 0 ? Sum(counts[..start]) / start * window : 0.0;
        return Result(observed, expected, window);
    }

    public DetectionResult[] EvaluateAll(ReadOnlySpan<double> counts, SeriesFrequency frequency, DateOnly firstDate)
    {
        var window = WindowPoints(frequency);
        var cumulative = new double[counts.Length + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative[i + 1] = cumulative[i] + counts[i];
        }

        var results = new DetectionResult[counts.Length];
        for (var t = 0; t < counts.Length; t++)
        {
            var start = Math.Max(0, t - window + 1);
            var observed = cumulative[t + 1] - cumulative[start];
            var expected = start > 0 ? cumulative[start] / start * window : 0.0;
            results[t] = Result(observed, expected, window);
        }

        return results;
    }

    private int WindowPoints(SeriesFrequency frequency) =>
        frequency == SeriesFrequency.Weekly ? (WindowDays + 6) / 7 : WindowDays;

    private DetectionResult Result(double observed, double expected, int window) =>
        new(observed >= Count, observed, expected, Count - 1, observed / Count, Name) { Window = window };

    private static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }
}
