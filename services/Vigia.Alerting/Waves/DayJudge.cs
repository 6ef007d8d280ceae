using Vigia.Alerting.Series;
using Vigia.Detection;

namespace Vigia.Alerting.Waves;

/// <summary>Runs a detector over a run of days, each judged on its own day and the days before it only.</summary>
public static class DayJudge
{
    // Past this many days one pass over the whole series beats refitting per day (a backfill, a backtest).
    private const int WholeSeriesFrom = 31;

    public static IReadOnlyList<DayResult> Judge(IDetector detector, DailySeries series, DateOnly from, DateOnly to)
    {
        var first = series.IndexOf(from);
        var last = series.IndexOf(to);
        if (first < 0 || last >= series.Counts.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"The series covers {series.FirstDate}..{series.LastDate}, not {from}..{to}.");
        }

        // A detector that replays the series for each point (the automatic default, the CUSUM) judges a run of days in
        // one pass: per day, a few days of five years' history cost as many replays. The automatic default goes on from
        // where its replay of the same past last stood, so a live report costs weeks of replay, not years.
        if (last - first + 1 > WholeSeriesFrom || detector.ReplaysHistory)
        {
            // Element i of EvaluateFrom equals Evaluate(counts, first + i): it uses counts[0..first + i] only.
            return new JudgedDays(series.FirstDate.AddDays(first),
                detector.EvaluateFrom(series.Counts.AsSpan(0, last + 1), first, SeriesFrequency.Daily, series.FirstDate));
        }

        var results = new DetectionResult[Math.Max(0, last - first + 1)];
        for (var t = first; t <= last; t++)
        {
            // The span ends at t, so nothing after the day judged is even visible to the detector.
            results[t - first] = detector.Evaluate(series.Counts.AsSpan(0, t + 1), t, SeriesFrequency.Daily, series.FirstDate);
        }

        return new JudgedDays(from, results);
    }

    /// <summary>
    /// The detector's results as days, dated as they are read: a back-fill judges years of days per series, and a copy
    /// of them with their dates was a second large object per series and pass.
    /// </summary>
    private sealed class JudgedDays(DateOnly first, DetectionResult[] results) : IReadOnlyList<DayResult>
    {
        public int Count => results.Length;

        public DayResult this[int index] => new(first.AddDays(index), results[index]);

        public IEnumerator<DayResult> GetEnumerator()
        {
            for (var i = 0; i < results.Length; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
