using System.Collections.Concurrent;
using System.Globalization;
using Vigia.Detection;
using Vigia.Detection.Baselines;
using Vigia.Detection.Evaluation.Scoring;

namespace Vigia.Detection.Evaluation;

/// <summary>
/// Development aid (<c>--explore</c>): the false-alarm rate and detection of the automatic default over its sensitivity
/// grid, for variants of its internal settings given as <c>Key=value,Key=value</c>, and the outbreaks it finds at the
/// false-alarm rates of Vigia's EARS C1 and C2 (which match R's), as the benchmark's anchor table counts them, and at two
/// fixed rates. Tune on a
/// seed other than the reported one.
/// </summary>
internal static class VariantExplorer
{
    private static readonly double[] s_sensitivities = [0.5, 1, 2, 4, 8, 16, 32];

    private static readonly string[] s_anchors = ["ears-c1", "ears-c2"];

    /// <summary>Fixed false-alarm rates read off every variant's curve: about glrnb's and farringtonFlexible's on real daily data.</summary>
    private static readonly double[] s_rates = [0.004, 0.045];

    public static void Run(List<(string Group, List<EvaluationSeries> Series)> groups, IReadOnlyList<string> variants, TextWriter log)
    {
        foreach (var (group, series) in groups.Where(g => g.Series[0].TrueMean is not null))
        {
            var scorer = new AlarmScorer();
            double[] levels = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05];
            foreach (var s in series)
            {
                foreach (var alpha in levels)
                {
                    scorer.Add(alpha.ToString(CultureInfo.InvariantCulture), s, OracleDetector.Alarms(s, alpha));
                }
            }

            var report = new Report(scorer, []);
            var line = string.Join("  ", levels.Select(a =>
            {
                var summary = report.SummaryOf(a.ToString(CultureInfo.InvariantCulture), group);
                return string.Create(CultureInfo.InvariantCulture, $"{100 * summary.FalseAlarmRate:0.00}%→{100 * summary.Pod:0.0}%");
            }));
            log.WriteLine($"{"(oracle)",-40} {group,-7} {line}");
        }

        foreach (var variant in variants.Prepend(""))
        {
            var options = Parse(variant);
            foreach (var (group, series) in groups)
            {
                var scorer = new AlarmScorer();
                var results = new ConcurrentBag<(string, EvaluationSeries, bool[])>();
                var detectors = s_sensitivities.Select(s => new AutomaticDetector(options.WithSensitivity(s))).ToList();
                var grid = Evaluation.Sensitivities.Select(s => (Name: Evaluation.SensitivityName(s), Detector: new AutomaticDetector(options.WithSensitivity(s)))).ToList();
                var baselines = new ConcurrentDictionary<string, BaselinePrediction[]>();
                Parallel.ForEach(series, s =>
                {
                    var predictions = BaselineTrack.Predict(s.Counts, 0, s.Length, s.Frequency, s.FirstDate, detectors[0].BaselineFor(s.Frequency));
                    baselines[s.Id] = predictions;
                    for (var i = 0; i < detectors.Count; i++)
                    {
                        results.Add((i.ToString(CultureInfo.InvariantCulture), s, [.. detectors[i].EvaluateAll(s.Counts, predictions, s.Frequency).Select(r => r.Alarm)]));
                    }

                    foreach (var (name, detector) in grid)
                    {
                        results.Add((name, s, [.. detector.EvaluateAll(s.Counts, predictions, s.Frequency).Select(r => r.Alarm)]));
                    }

                    foreach (var anchor in s_anchors)
                    {
                        results.Add((anchor, s, [.. Detectors.Create(anchor).EvaluateAll(s.Counts, s.Frequency, s.FirstDate).Select(r => r.Alarm)]));
                    }
                });
                foreach (var (name, s, alarms) in results.OrderBy(r => r.Item2.Id, StringComparer.Ordinal).ThenBy(r => r.Item1, StringComparer.Ordinal))
                {
                    scorer.Add(name, s, alarms);
                }

                var report = new Report(scorer, []);
                var matcher = new SensitivityMatcher(series, baselines, scorer, s => new AutomaticDetector(options.WithSensitivity(s)));
                var line = string.Join("  ", s_sensitivities.Select((s, i) =>
                {
                    var summary = report.SummaryOf(i.ToString(CultureInfo.InvariantCulture), group);
                    return string.Create(CultureInfo.InvariantCulture, $"{100 * summary.FalseAlarmRate:0.00}%→{100 * summary.Pod:0.0}%");
                }));
                var anchors = string.Join("  ", s_anchors.Select(anchor =>
                {
                    var reference = report.SummaryOf(anchor, group);
                    var matched = report.SummaryOf(matcher.Match(group, reference.FalseAlarmRate), group);
                    return string.Create(CultureInfo.InvariantCulture, $"@{anchor} {matched.Detected} vs {reference.Detected} ({matched.Detected - reference.Detected:+0;-0;0})");
                }));
                var atRates = string.Join("  ", s_rates.Select(rate =>
                    string.Create(CultureInfo.InvariantCulture, $"@{100 * rate:0.0#}% {report.SummaryOf(matcher.Match(group, rate), group).Detected}")));
                log.WriteLine($"{(variant.Length == 0 ? "(default)" : variant),-40} {group,-7} {line}  {anchors}  {atRates}");
            }
        }
    }

    private static AutomaticOptions Parse(string variant)
    {
        var options = new AutomaticOptions();
        foreach (var pair in variant.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, text) = (pair.Split('=')[0].Trim(), pair.Split('=')[1].Trim());
            var value = double.Parse(text, CultureInfo.InvariantCulture);
            options = key switch
            {
                "SpikeShare" => options with { SpikeShare = value },
                "HalfLife" => options with { Daily = options.Daily with { HalfLifeYears = value }, Weekly = options.Weekly with { HalfLifeYears = value } },
                "ShiftSd" => options with { DailyShiftSd = value, WeeklyShiftSd = value },
                "DailyShiftSd" => options with { DailyShiftSd = value },
                "WeeklyShiftSd" => options with { WeeklyShiftSd = value },
                "SparseMean" => options with { SparseMean = value },
                "WindowShare" => options with { WindowShare = value },
                "MaxWindow" => options with { MaxWindow = (int)value },
                "DailyGuard" => options with { Daily = options.Daily with { GuardPoints = (int)value } },
                "WeeklyGuard" => options with { Weekly = options.Weekly with { GuardPoints = (int)value } },
                "DailyRefit" => options with { Daily = options.Daily with { RefitEvery = (int)value } },
                "WeeklyRefit" => options with { Weekly = options.Weekly with { RefitEvery = (int)value } },
                "DailyWindow" => options with { Daily = options.Daily with { MaxWindowPoints = (int)value } },
                "WeeklyWindow" => options with { Weekly = options.Weekly with { MaxWindowPoints = (int)value } },
                "DailyLevelSpan" => options with { DailyRecentLevel = options.DailyRecentLevel with { SpanPoints = (int)value } },
                "DailyLevelGuard" => options with { DailyRecentLevel = options.DailyRecentLevel with { GuardPoints = (int)value } },
                "WeeklyLevelSpan" => options with { WeeklyRecentLevel = options.WeeklyRecentLevel with { SpanPoints = (int)value } },
                "WeeklyLevelGuard" => options with { WeeklyRecentLevel = options.WeeklyRecentLevel with { GuardPoints = (int)value } },
                "SwitchZ" => options with { DailyRecentLevel = options.DailyRecentLevel with { SwitchZ = value }, WeeklyRecentLevel = options.WeeklyRecentLevel with { SwitchZ = value } },
                "WeeklySwitchZ" => options with { WeeklyRecentLevel = options.WeeklyRecentLevel with { SwitchZ = value } },
                "WeeklyHalfLife" => options with { Weekly = options.Weekly with { HalfLifeYears = value } },
                "WeeklyLocal" => options with { WeeklyLocal = options.WeeklyLocal with { Enabled = value != 0 } },
                "DailyLocal" => options with { DailyLocal = options.DailyLocal with { Enabled = value != 0 } },
                "LocalSpan" => options with { WeeklyLocal = options.WeeklyLocal with { SpanPoints = (int)value }, DailyLocal = options.DailyLocal with { SpanPoints = (int)value } },
                "LocalGuard" => options with { WeeklyLocal = options.WeeklyLocal with { GuardPoints = (int)value }, DailyLocal = options.DailyLocal with { GuardPoints = (int)value } },
                "LocalHalfLife" => options with { WeeklyLocal = options.WeeklyLocal with { HalfLifePoints = value }, DailyLocal = options.DailyLocal with { HalfLifePoints = value } },
                "LocalMargin" => options with { WeeklyLocal = options.WeeklyLocal with { Margin = value }, DailyLocal = options.DailyLocal with { Margin = value } },
                "LocalCap" => options with { WeeklyLocal = options.WeeklyLocal with { ScoreCap = value }, DailyLocal = options.DailyLocal with { ScoreCap = value } },
                "Harmonics" => options with { Daily = options.Daily with { Harmonics = (int)value }, Weekly = options.Weekly with { Harmonics = (int)value } },
                _ => throw new ArgumentException($"Unknown setting {key}."),
            };
        }

        return options;
    }
}
