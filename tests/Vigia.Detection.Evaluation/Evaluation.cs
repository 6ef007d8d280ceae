using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vigia.Detection;
using Vigia.Detection.Baselines;
using Vigia.Detection.Evaluation.R;
using Vigia.Detection.Evaluation.RealData;
using Vigia.Detection.Evaluation.Scoring;
using Vigia.Detection.Evaluation.Simulation;

namespace Vigia.Detection.Evaluation;

/// <summary>
/// One benchmark run: builds the series of each group, runs every Vigia detector (the automatic default also over a
/// grid of sensitivities) and, when Rscript is there, R's surveillance methods; scores them all the same way and writes
/// the tables and the acceptance checks.
/// </summary>
internal sealed class Evaluation(EvaluationSettings settings, TextWriter log)
{
    /// <summary>
    /// Sensitivities of the automatic default tried when matching an anchor's false-alarm rate: from 1/16 (real daily series
    /// keep some false alarms, holidays and massacres, at any setting; glrnb alarms on 0.36 % of their days) to 64.
    /// </summary>
    internal static readonly double[] Sensitivities = [.. Enumerable.Range(-16, 41).Select(i => Math.Round(Math.Pow(2, i / 4.0), 2)).Append(1.0).Distinct().Order()];

    private static readonly string[] s_vigiaDetectors = ["nb-regression", "nb-cusum", "ears-c1", "ears-c2", "ears-c3", "threshold"];

    public int Run()
    {
        var total = Stopwatch.StartNew();
        var groups = BuildGroups();
        if (settings.Explore is { Count: > 0 } variants)
        {
            VariantExplorer.Run(groups, [.. variants.Where(v => v != "default")], log);
            return 0;
        }

        var useR = settings.UseR && SurveillanceRunner.IsAvailable();
        if (settings.UseR && !useR)
        {
            log.WriteLine("Rscript with the surveillance package was not found: the R columns are left out.");
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Seed {settings.Seed}, scale {settings.Scale}; {(useR ? SurveillanceRunner.Version() : "without R")}.");
        report.AppendLine();
        var anchorRows = new List<AnchorComparison>();
        foreach (var (group, series) in groups)
        {
            var scorer = new AlarmScorer();
            var stopwatch = Stopwatch.StartNew();
            var predictions = RunVigia(series, scorer);
            log.WriteLine($"{group}: {series.Count} series, Vigia detectors in {stopwatch.Elapsed.TotalSeconds:0.0} s");
            var earsNames = new List<string> { "ears-c1", "ears-c2", "ears-c3" };
            if (useR)
            {
                stopwatch.Restart();
                var runner = new SurveillanceRunner(settings.WorkDirectory, Environment.ProcessorCount, log);
                foreach (var (method, bySeries) in runner.Score(series))
                {
                    foreach (var s in series)
                    {
                        if (bySeries.TryGetValue(s.Id, out var alarms))
                        {
                            scorer.Add(RName(method), s, alarms);
                        }
                    }
                }

                earsNames.InsertRange(0, ["R earsC1", "R earsC2", "R earsC3"]);
                log.WriteLine($"{group}: R surveillance in {stopwatch.Elapsed.TotalSeconds:0} s");
            }

            var provisional = new Report(scorer, []);
            var matcher = new SensitivityMatcher(series, predictions, scorer, s => new AutomaticDetector(s));
            var earsC1 = useR ? "R earsC1" : "ears-c1";
            var earsRate = provisional.SummaryOf(earsC1, group).FalseAlarmRate;
            var matched = matcher.Match(group, earsRate);
            var shown = new List<string> { Report.Auto, matched };
            var matchedTo = new Dictionary<string, string>();
            var farringtonRate = useR ? provisional.SummaryOf(Report.Farrington, group).FalseAlarmRate : double.NaN;

            // Every anchor gets the automatic default at its own false-alarm rate: the issue's bar is "at least as many outbreaks
            // as each anchor, at that anchor's rate".
            foreach (var anchor in useR ? Report.RAnchors : ["ears-c1", "ears-c2", "ears-c3"])
            {
                matchedTo[anchor] = matcher.Match(group, provisional.SummaryOf(anchor, group).FalseAlarmRate);
                shown.Add(matchedTo[anchor]);
            }

            var oracle = series[0].TrueMean is not null ? AddOracle(series, scorer, group, useR ? farringtonRate : earsRate) : null;
            if (oracle is not null)
            {
                shown.Add(oracle);
            }

            shown = [.. shown.Distinct()];
            shown.AddRange(s_vigiaDetectors);
            if (useR)
            {
                shown.AddRange([Report.Farrington, Report.FarringtonNoufaily, Report.Glrnb, "R earsC1", "R earsC2", "R earsC3"]);
            }

            var result = new Report(scorer, shown);
            var daily = series[0].Frequency == SeriesFrequency.Daily;
            var outbreaks = series.Sum(s => s.Outbreaks.Count);
            report.AppendLine(CultureInfo.InvariantCulture, $"### {group}: {series.Count} series, {outbreaks} outbreaks in the evaluation windows");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"`auto @ s×` is the automatic default with its sensitivity raised to s, the largest value (the grid's bracket narrowed by bisection) whose false-alarm rate stays at or below that of {earsC1} ({Percent(earsRate)}){(useR ? ", of farringtonFlexible (both settings) and of glrnb" : "")}.");
            if (oracle is not null)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"`{oracle}` knows the true baseline of the simulation (a yardstick, not a detector): the most powerful one-point test for spikes at the same false-alarm rate.");
            }

            report.AppendLine();
            report.Append(result.GroupTable(group, shown));
            report.AppendLine();
            report.Append(result.Checks(group, daily, matched, earsNames, matchedTo));
            anchorRows.AddRange(matchedTo.Select(m => new AnchorComparison(group, m.Key, result.SummaryOf(m.Key, group), m.Value, result.SummaryOf(m.Value, group))));
            if (oracle is not null && useR)
            {
                report.AppendLine(Ceiling(result, group, oracle));
            }

            report.AppendLine();
            report.AppendLine("<details><summary>By scenario</summary>");
            report.AppendLine();
            report.Append(result.ScenarioTable(group, series.Select(s => s.Scenario).Distinct(), shown));
            report.AppendLine();
            report.AppendLine("</details>");
            report.AppendLine();
        }

        report.Append(Report.AnchorTable(anchorRows));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Run time {total.Elapsed.TotalSeconds:0} s on {Environment.ProcessorCount} cores.");
        var text = report.ToString();
        log.WriteLine();
        log.Write(text);
        if (settings.MarkdownPath is { } path)
        {
            File.WriteAllText(path, text);
            log.WriteLine($"Report written to {path}");
        }

        return 0;
    }

    /// <summary>
    /// What any detector could find at farringtonFlexible's false-alarm rate: for a spike the oracle's one-point test is the
    /// most powerful test there is, so no detector finds more spikes; grant it every wave on top.
    /// </summary>
    private static string Ceiling(Report result, string group, string oracle)
    {
        var all = result.SummaryOf(Report.Auto, group);
        var spikes = result.SummaryOf(oracle, group, kind: OutbreakKind.Spike);
        var waves = result.SummaryOf(oracle, group, kind: OutbreakKind.Wave);
        var ceiling = (double)(spikes.Detected + waves.Outbreaks) / all.Outbreaks;
        var farrington = result.SummaryOf(Report.Farrington, group);
        return string.Create(CultureInfo.InvariantCulture,
            $"- ceiling at {Report.Farrington}'s rate: the spikes `{oracle}` finds ({100 * spikes.Pod:0} %) plus every wave make {100 * ceiling:0} % of the outbreaks; 1.5 × {100 * farrington.Pod:0} % = {150 * farrington.Pod:0} % is asked");
    }

    /// <summary>Scores the oracle over a grid of levels and returns the name of the largest level within the target rate.</summary>
    private static string AddOracle(List<EvaluationSeries> series, AlarmScorer scorer, string group, double rate)
    {
        var levels = Enumerable.Range(0, 41).Select(i => 0.0005 * Math.Pow(10, i / 16.0)).ToList();
        foreach (var alpha in levels)
        {
            var name = OracleName(alpha);
            foreach (var s in series)
            {
                scorer.Add(name, s, OracleDetector.Alarms(s, alpha));
            }
        }

        var report = new Report(scorer, []);
        return OracleName(levels.Where(a => report.SummaryOf(OracleName(a), group).FalseAlarmRate <= rate).DefaultIfEmpty(levels[0]).Max());
    }

    private static string OracleName(double alpha) => string.Create(CultureInfo.InvariantCulture, $"oracle α={alpha:0.####}");

    internal static string SensitivityName(double sensitivity) =>
        sensitivity == 1 ? Report.Auto : string.Create(CultureInfo.InvariantCulture, $"auto @ {sensitivity:0.####}×");

    private static string RName(string method) => method switch
    {
        "farringtonFlexible" => Report.Farrington,
        "farringtonNoufaily" => Report.FarringtonNoufaily,
        "glrnb" => Report.Glrnb,
        _ => "R " + method.Replace("earsCC", "earsC", StringComparison.Ordinal),
    };

    private static string Percent(double value) => (100 * value).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    private List<(string Group, List<EvaluationSeries> Series)> BuildGroups()
    {
        var groups = new List<(string, List<EvaluationSeries>)>();
        if (settings.Groups.Contains("weekly"))
        {
            groups.Add(("weekly", [.. ScenarioCatalog.Weekly.SelectMany(s => Enumerable.Range(0, settings.WeeklySeriesPerScenario).Select(i => SeriesSimulator.Simulate(s, i, settings.Seed)))]));
        }

        if (settings.Groups.Contains("daily"))
        {
            groups.Add(("daily", [.. ScenarioCatalog.Daily.SelectMany(s => Enumerable.Range(0, settings.DailySeriesPerScenario).Select(i => SeriesSimulator.Simulate(s, i, settings.Seed)))]));
        }

        var daily = settings.Groups.Contains(RealSeriesBuilder.DailyGroup);
        var weekly = settings.Groups.Contains(RealSeriesBuilder.WeeklyGroup);
        if (daily || weekly)
        {
            if (Directory.Exists(settings.RealDataDirectory))
            {
                var victims = HomicideWorkbooks.ReadVictims(settings.RealDataDirectory);
                if (daily)
                {
                    groups.Add((RealSeriesBuilder.DailyGroup, RealSeriesBuilder.BuildDaily(victims, settings.Seed, 0.3, settings.RealSeries, settings.RealLastYear)));
                }

                if (weekly)
                {
                    groups.Add((RealSeriesBuilder.WeeklyGroup, RealSeriesBuilder.BuildWeekly(victims, settings.Seed, 0.3, settings.RealSeries, settings.RealLastYear)));
                }
            }
            else
            {
                log.WriteLine($"No real data at {settings.RealDataDirectory}: the real-data groups are left out.");
            }
        }

        return groups;
    }

    /// <summary>Scores every Vigia detector; returns each series' baseline, which the sensitivity matcher reuses.</summary>
    private static ConcurrentDictionary<string, BaselinePrediction[]> RunVigia(List<EvaluationSeries> series, AlarmScorer scorer)
    {
        var automatic = Sensitivities.Select(s => (Name: SensitivityName(s), Detector: new AutomaticDetector(s))).ToList();
        var detectors = s_vigiaDetectors.Select(name => (Name: name, Detector: Detectors.Create(name))).ToList();
        var results = new ConcurrentBag<(string Detector, EvaluationSeries Series, bool[] Alarms)>();
        var baselines = new ConcurrentDictionary<string, BaselinePrediction[]>();
        Parallel.ForEach(series, s =>
        {
            // The sensitivities share one baseline: only the decision thresholds differ.
            var predictions = BaselineTrack.Predict(s.Counts, 0, s.Length, s.Frequency, s.FirstDate, automatic[0].Detector.BaselineFor(s.Frequency));
            baselines[s.Id] = predictions;
            foreach (var (name, detector) in automatic)
            {
                results.Add((name, s, [.. detector.EvaluateAll(s.Counts, predictions, s.Frequency).Select(r => r.Alarm)]));
            }

            foreach (var (name, detector) in detectors)
            {
                results.Add((name, s, [.. detector.EvaluateAll(s.Counts, s.Frequency, s.FirstDate).Select(r => r.Alarm)]));
            }
        });

        foreach (var (detector, s, alarms) in results.OrderBy(r => r.Series.Id, StringComparer.Ordinal).ThenBy(r => r.Detector, StringComparer.Ordinal))
        {
            scorer.Add(detector, s, alarms);
        }

        return baselines;
    }
}
