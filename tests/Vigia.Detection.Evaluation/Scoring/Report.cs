using System.Globalization;
using System.Text;

namespace Vigia.Detection.Evaluation.Scoring;

/// <summary>Writes the benchmark tables (markdown) and checks the issue's acceptance bar on them.</summary>
internal sealed class Report(AlarmScorer scorer, IReadOnlyList<string> detectorOrder)
{
    public const string Auto = "auto";
    public const string Farrington = "R farringtonFlexible";
    public const string FarringtonNoufaily = "R farringtonFlexible (Noufaily)";
    public const string Glrnb = "R glrnb";

    /// <summary>R's methods, each the anchor of one head-to-head comparison at its own false-alarm rate.</summary>
    public static readonly string[] RAnchors = [Farrington, FarringtonNoufaily, Glrnb, "R earsC1", "R earsC2", "R earsC3"];

    private static readonly double[] s_sizes = OutbreakPlanter.EvaluationSizes;

    public Summary SummaryOf(string detector, string group, string? scenario = null, double? size = null, OutbreakKind? kind = null) =>
        Summary.Of(
            scorer.Outbreaks.Where(o => o.Detector == detector && o.Group == group && (scenario is null || o.Scenario == scenario)
                && (size is null || o.SizeSd == size) && (kind is null || o.Kind == kind)),
            scorer.Quiet.Where(q => q.Detector == detector && q.Group == group && (scenario is null || q.Scenario == scenario)));

    public string GroupTable(string group, IEnumerable<string> detectors)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {group} | POD | k=1 | k=2 | k=3 | k=5 | k=10 | spikes | waves | false alarms / point | / series-year | median delay |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var detector in detectors)
        {
            var all = SummaryOf(detector, group);
            if (all.Outbreaks == 0)
            {
                continue;
            }

            text.Append(CultureInfo.InvariantCulture, $"| {detector} | **{Percent(all.Pod)}** |");
            foreach (var size in s_sizes)
            {
                text.Append(CultureInfo.InvariantCulture, $" {Percent(SummaryOf(detector, group, size: size).Pod)} |");
            }

            text.Append(CultureInfo.InvariantCulture, $" {Percent(SummaryOf(detector, group, kind: OutbreakKind.Spike).Pod)} | {Percent(SummaryOf(detector, group, kind: OutbreakKind.Wave).Pod)} |");
            text.AppendLine(CultureInfo.InvariantCulture, $" {Percent(all.FalseAlarmRate, 2)} | {all.FalseAlarmsPerYear:0.0} | {Delay(all.MedianDelay)} |");
        }

        return text.ToString();
    }

    public string ScenarioTable(string group, IEnumerable<string> scenarios, IEnumerable<string> detectors)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | detector | POD | k=1 | k=2 | k=3 | k=5 | k=10 | false alarms / series-year | median delay |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        var detectorList = detectors.ToList();
        foreach (var scenario in scenarios)
        {
            foreach (var detector in detectorList)
            {
                var all = SummaryOf(detector, group, scenario);
                if (all.Outbreaks == 0)
                {
                    continue;
                }

                text.Append(CultureInfo.InvariantCulture, $"| {scenario} | {detector} | {Percent(all.Pod)} |");
                foreach (var size in s_sizes)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {Percent(SummaryOf(detector, group, scenario, size).Pod)} |");
                }

                text.AppendLine(CultureInfo.InvariantCulture, $" {all.FalseAlarmsPerYear:0.0} | {Delay(all.MedianDelay)} |");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The issue's bar, per group: the automatic default alarms no more often than farringtonFlexible and finds at least 1.5
    /// times as many outbreaks; finds more than glrnb wherever glrnb alarms no more often; at EARS C1's false-alarm rate it
    /// finds more than every EARS variant; median delay at most 1 day (daily) or 0 weeks (weekly). Head-to-head lines at
    /// matched false-alarm rates follow, for reading the first ones.
    /// </summary>
    public string Checks(string group, bool daily, string matchedEars, IEnumerable<string> earsDetectors, IReadOnlyDictionary<string, string> matchedTo)
    {
        var text = new StringBuilder();
        var auto = SummaryOf(Auto, group);
        void Check(bool ok, string what) => text.AppendLine(CultureInfo.InvariantCulture, $"- [{(ok ? "x" : " ")}] {what}");

        foreach (var name in new[] { Farrington, FarringtonNoufaily })
        {
            var farrington = SummaryOf(name, group);
            if (farrington.Outbreaks > 0)
            {
                Check(auto.FalseAlarmRate <= farrington.FalseAlarmRate, $"false alarms: auto {Percent(auto.FalseAlarmRate, 2)} ≤ {name} {Percent(farrington.FalseAlarmRate, 2)}");
                Check(auto.Pod >= 1.5 * farrington.Pod, $"detection: auto {Percent(auto.Pod)} ≥ 1.5 × {name} {Percent(farrington.Pod)} = {Percent(1.5 * farrington.Pod)}");
            }
        }

        var glrnb = SummaryOf(Glrnb, group);
        if (glrnb.Outbreaks > 0)
        {
            var applies = glrnb.FalseAlarmRate <= auto.FalseAlarmRate;
            Check(!applies || auto.Pod > glrnb.Pod, applies
                ? $"glrnb alarms no more often ({Percent(glrnb.FalseAlarmRate, 2)}): auto {Percent(auto.Pod)} > glrnb {Percent(glrnb.Pod)}"
                : $"glrnb alarms more often than auto ({Percent(glrnb.FalseAlarmRate, 2)} > {Percent(auto.FalseAlarmRate, 2)}; POD {Percent(glrnb.Pod)} vs {Percent(auto.Pod)}): nothing to compare at the default");
        }

        var matched = SummaryOf(matchedEars, group);
        foreach (var ears in earsDetectors)
        {
            var e = SummaryOf(ears, group);
            if (e.Outbreaks > 0)
            {
                Check(matched.Pod > e.Pod, $"{matchedEars} ({Percent(matched.FalseAlarmRate, 2)} false alarms) finds {Percent(matched.Pod)} > {ears} {Percent(e.Pod)} (at {Percent(e.FalseAlarmRate, 2)})");
            }
        }

        var limit = daily ? 1.0 : 0.0;
        Check(auto.MedianDelay is { } d && d <= limit, $"median delay of auto {Delay(auto.MedianDelay)} ≤ {limit} {(daily ? "day" : "weeks")}");
        foreach (var (reference, autoName) in matchedTo)
        {
            var r = SummaryOf(reference, group);
            var a = SummaryOf(autoName, group);
            if (r.Outbreaks > 0)
            {
                Check(a.Pod >= r.Pod, $"at {reference}'s false-alarm rate ({Percent(r.FalseAlarmRate, 2)}): {autoName} finds {a.Detected} of {a.Outbreaks} ({Percent(a.Pod)}, at {Percent(a.FalseAlarmRate, 2)}) where {reference} finds {r.Detected} ({Percent(r.Pod)})");
            }
        }

        return text.ToString();
    }

    public IReadOnlyList<string> DetectorOrder => detectorOrder;

    /// <summary>
    /// The head-to-head summary over every group: per anchor, the outbreaks the automatic default finds at the anchor's
    /// false-alarm rate against the anchor's own; a shortfall is printed in bold with its size.
    /// </summary>
    public static string AnchorTable(IReadOnlyList<AnchorComparison> rows)
    {
        var groups = rows.Select(r => r.Group).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine("### At each anchor's false-alarm rate");
        text.AppendLine();
        text.AppendLine("Outbreaks found by the automatic default at the largest sensitivity (grid bracket, then bisection) whose false-alarm rate stays at or below the anchor's, against the anchor's own (POD, false alarms per point).");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| anchor | {string.Join(" | ", groups)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|---|{string.Concat(groups.Select(_ => "---|"))}");
        foreach (var anchor in rows.Select(r => r.Anchor).Distinct())
        {
            text.Append(CultureInfo.InvariantCulture, $"| {anchor} |");
            foreach (var group in groups)
            {
                var row = rows.FirstOrDefault(r => r.Group == group && r.Anchor == anchor);
                text.Append(row is null || row.AnchorSummary.Outbreaks == 0 ? " – |" : $" {row.Describe()} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Percent(double value, int decimals = 0) =>
        double.IsNaN(value) ? "–" : (100 * value).ToString(decimals == 0 ? "0" : "0." + new string('0', decimals), CultureInfo.InvariantCulture) + " %";

    private static string Delay(double? delay) => delay is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) : "–";
}
