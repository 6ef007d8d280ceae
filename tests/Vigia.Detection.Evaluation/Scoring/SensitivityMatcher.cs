using System.Collections.Concurrent;
using Vigia.Detection;
using Vigia.Detection.Baselines;

namespace Vigia.Detection.Evaluation.Scoring;

/// <summary>
/// Puts the automatic default at an anchor's false-alarm rate: the largest sensitivity whose rate stays at or below the
/// anchor's. The grid (steps of 2^¼) gives the bracket and bisection on the log of the sensitivity narrows it, because the
/// grid's step alone left up to a fifth of the anchor's false-alarm budget unspent and so compared the automatic default
/// at a quieter point than the anchor. The sensitivities share each series' baseline, so a step costs only the decisions.
/// </summary>
internal sealed class SensitivityMatcher(
    IReadOnlyList<EvaluationSeries> series,
    IReadOnlyDictionary<string, BaselinePrediction[]> predictions,
    AlarmScorer scorer,
    Func<double, AutomaticDetector> create)
{
    /// <summary>Halvings of the bracket: six take a 2^¼ step to 2^(1/256), under 0.3 % of the sensitivity.</summary>
    private const int Steps = 6;

    private readonly HashSet<string> _scored = [];

    /// <summary>The name under which the scorer holds the matched automatic default (the grid's 1× when none is quiet enough).</summary>
    public string Match(string group, double rate)
    {
        var report = new Report(scorer, []);
        double RateOf(double sensitivity) => report.SummaryOf(Evaluation.SensitivityName(sensitivity), group).FalseAlarmRate;
        var within = Evaluation.Sensitivities.Where(s => RateOf(s) <= rate).ToList();
        if (within.Count == 0)
        {
            return Evaluation.SensitivityName(1);
        }

        var below = within.Max();
        var above = Evaluation.Sensitivities.Where(s => s > below).DefaultIfEmpty(double.NaN).Min();
        for (var step = 0; step < Steps && !double.IsNaN(above); step++)
        {
            var middle = Math.Round(Math.Sqrt(below * above), 4);
            if (middle <= below || middle >= above)
            {
                break;
            }

            Score(middle);
            if (RateOf(middle) <= rate)
            {
                below = middle;
            }
            else
            {
                above = middle;
            }
        }

        return Evaluation.SensitivityName(below);
    }

    private void Score(double sensitivity)
    {
        var name = Evaluation.SensitivityName(sensitivity);
        if (!_scored.Add(name))
        {
            return;
        }

        var detector = create(sensitivity);
        var alarms = new ConcurrentDictionary<string, bool[]>();
        Parallel.ForEach(series, s => alarms[s.Id] = [.. detector.EvaluateAll(s.Counts, predictions[s.Id], s.Frequency).Select(r => r.Alarm)]);
        foreach (var s in series.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            scorer.Add(name, s, alarms[s.Id]);
        }
    }
}
