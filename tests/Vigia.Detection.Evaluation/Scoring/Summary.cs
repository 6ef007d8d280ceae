namespace Vigia.Detection.Evaluation.Scoring;

/// <summary>Probability of detection, false alarms and median delay of one detector over a set of outcomes.</summary>
internal sealed record Summary(int Outbreaks, int Detected, int FalseAlarms, int QuietPoints, double QuietYears, double? MedianDelay)
{
    public double Pod => Outbreaks > 0 ? (double)Detected / Outbreaks : double.NaN;

    public double FalseAlarmRate => QuietPoints > 0 ? (double)FalseAlarms / QuietPoints : double.NaN;

    public double FalseAlarmsPerYear => QuietYears > 0 ? FalseAlarms / QuietYears : double.NaN;

    public static Summary Of(IEnumerable<OutbreakOutcome> outbreaks, IEnumerable<QuietOutcome> quiet)
    {
        var o = outbreaks.ToList();
        var q = quiet.ToList();
        var delays = o.Where(x => x.Detected).Select(x => x.Delay).Order().ToList();
        double? median = delays.Count == 0
            ? null
            : delays.Count % 2 == 1 ? delays[delays.Count / 2] : (delays[delays.Count / 2 - 1] + delays[delays.Count / 2]) / 2.0;
        return new Summary(
            o.Count,
            o.Count(x => x.Detected),
            q.Sum(x => x.FalseAlarms),
            q.Sum(x => x.QuietPoints),
            q.Sum(x => (double)x.QuietPoints / x.PointsPerYear),
            median);
    }
}
