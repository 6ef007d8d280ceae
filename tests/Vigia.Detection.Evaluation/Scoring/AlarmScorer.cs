using Vigia.Detection;

namespace Vigia.Detection.Evaluation.Scoring;

/// <summary>
/// Scores alarms against the planted outbreaks, over the evaluation window only: an outbreak is detected when any point
/// between its first and last case alarms (Noufaily et al. 2013), with delay = first alarm − first case; every alarm on
/// any other point is false.
/// </summary>
internal sealed class AlarmScorer
{
    public List<OutbreakOutcome> Outbreaks { get; } = [];

    public List<QuietOutcome> Quiet { get; } = [];

    public void Add(string detector, EvaluationSeries series, bool[] alarms)
    {
        var outbreakPoints = series.OutbreakPoints();
        var falseAlarms = 0;
        var quiet = 0;
        for (var t = series.EvaluationStart; t < series.Length; t++)
        {
            if (outbreakPoints[t])
            {
                continue;
            }

            quiet++;
            if (alarms[t])
            {
                falseAlarms++;
            }
        }

        var pointsPerYear = series.Frequency == SeriesFrequency.Daily ? 365 : 52;
        Quiet.Add(new QuietOutcome(detector, series.Group, series.Scenario, falseAlarms, quiet, pointsPerYear));
        foreach (var outbreak in series.Outbreaks)
        {
            var first = -1;
            for (var t = outbreak.Start; t <= outbreak.End; t++)
            {
                if (alarms[t])
                {
                    first = t;
                    break;
                }
            }

            Outbreaks.Add(new OutbreakOutcome(detector, series.Group, series.Scenario, outbreak.SizeSd, outbreak.Kind, first >= 0, first >= 0 ? first - outbreak.Start : -1));
        }
    }
}
