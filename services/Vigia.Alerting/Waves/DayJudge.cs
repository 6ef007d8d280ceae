using Vigia.Alerting.Series;
using Vigia.Detection;

namespace Vigia.Alerting.Waves;

/// <summary>Runs a detector over a run of days, each judged on its own day and the days before it only.</summary>
public static class DayJudge
{
    // Past this many days one pass over the whole series beats refitting per day (a backfill, a backtest).
    private const int WholeSeriesFrom = 31;

    /// <summary>The verdicts on <paramref name="from"/>..<paramref name="to"/>; dispose them once read.</summary>
    public static JudgedDays Judge(IDetector detector, DailySeries series, DateOnly from, DateOnly to)
    {
        var first = series.IndexOf(from);
        var last = series.IndexOf(to);
        if (first < 0 || last >= series.Counts.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"The series covers {series.FirstDate}..{series.LastDate}, not {from}..{to}.");
        }

        var days = JudgedDays.Rent(from, Math.Max(0, last - first + 1));
        try
        {
            var verdicts = days.Verdicts;
            // A detector that replays the series for each point (the automatic default, the CUSUM) judges a run of days
            // in one pass: per day, a few days of five years' history cost as many replays. The automatic default goes
            // on from where its replay of the same past last stood, so a live report costs weeks of replay, not years.
            if (verdicts.Length > WholeSeriesFrom || detector.ReplaysHistory)
            {
                // Element i of EvaluateFrom equals Evaluate(counts, first + i): it uses counts[0..first + i] only.
                detector.EvaluateFrom(series.Counts.AsSpan(0, last + 1), first, SeriesFrequency.Daily, series.FirstDate, verdicts);
                return days;
            }

            for (var t = first; t <= last; t++)
            {
                // The span ends at t, so nothing after the day judged is even visible to the detector.
                verdicts[t - first] = detector.Evaluate(series.Counts.AsSpan(0, t + 1), t, SeriesFrequency.Daily, series.FirstDate);
            }

            return days;
        }
        catch
        {
            days.Dispose();
            throw;
        }
    }
}
