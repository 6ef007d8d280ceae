namespace Vigia.Detection;

/// <summary>An outbreak detector over a daily or weekly count series.</summary>
public interface IDetector
{
    string Name { get; }

    /// <summary>
    /// Whether <see cref="Evaluate"/> replays the series from its start (a CUSUM's statistic, the automatic default's
    /// running state): judging several points then costs one <see cref="EvaluateAll"/>, not one replay per point.
    /// </summary>
    bool ReplaysHistory => false;

    /// <summary>Evaluates point <paramref name="t"/> of <paramref name="counts"/> using only counts[0..t] (no peeking ahead).</summary>
    DetectionResult Evaluate(ReadOnlySpan<double> counts, int t, SeriesFrequency frequency, DateOnly firstDate);

    /// <summary>
    /// Evaluates every point of <paramref name="counts"/>; element t equals <c>Evaluate(counts, t, …)</c>.
    /// Detectors override it when a whole series can be done faster than point by point.
    /// </summary>
    DetectionResult[] EvaluateAll(ReadOnlySpan<double> counts, SeriesFrequency frequency, DateOnly firstDate)
    {
        var results = new DetectionResult[counts.Length];
        for (var t = 0; t < counts.Length; t++)
        {
            results[t] = Evaluate(counts, t, frequency, firstDate);
        }

        return results;
    }

    /// <summary>
    /// Evaluates points <paramref name="from"/>..end of <paramref name="counts"/>; element i equals
    /// <c>Evaluate(counts, from + i, …)</c>. Detectors that replay history override it to go on from where an earlier
    /// replay of the same past stood.
    /// </summary>
    DetectionResult[] EvaluateFrom(ReadOnlySpan<double> counts, int from, SeriesFrequency frequency, DateOnly firstDate) =>
        EvaluateAll(counts, frequency, firstDate)[from..];

    /// <summary>
    /// <see cref="EvaluateFrom(ReadOnlySpan{double}, int, SeriesFrequency, DateOnly)"/> into <paramref name="results"/>
    /// (counts.Length − from long), for a caller that keeps its own buffer: a back-fill judges years of days per series.
    /// </summary>
    void EvaluateFrom(ReadOnlySpan<double> counts, int from, SeriesFrequency frequency, DateOnly firstDate, Span<DetectionResult> results) =>
        EvaluateFrom(counts, from, frequency, firstDate).CopyTo(results);
}
