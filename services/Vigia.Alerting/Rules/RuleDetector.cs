using MathNet.Numerics.Distributions;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.Detection;
using ProtoDetector = Vigia.Alerting.V1.Detector;

namespace Vigia.Alerting.Rules;

/// <summary>
/// The detector a rule runs, with what evaluating it needs: the alarm window (a threshold's
/// window_days; one day for detectors that judge single days) and how much history to fetch before
/// the first day judged.
/// </summary>
public sealed record RuleDetector(IDetector Detector, int WindowDays, int HistoryDays)
{
    /// <summary>
    /// Days without alarm before a wave of a detector that judges single days resolves: a quiet day or two
    /// between spike days belongs to the same wave.
    /// </summary>
    public const int DefaultHoldDays = 3;

    private const int RegressionYears = 5;

    // EARS looks back at most nine days; four weeks leave room for its baseline.
    private const int EarsHistoryDays = 28;

    // The threshold rule needs only its window; a year gives its "expected" a meaningful average.
    private const int ThresholdHistoryDays = 365;

    public static RuleDetector For(ProtoDetector detector) => detector.KindCase switch
    {
        ProtoDetector.KindOneofCase.Threshold => new RuleDetector(
            new ThresholdDetector(detector.Threshold.Count, detector.Threshold.WindowDays),
            detector.Threshold.WindowDays,
            Math.Max(ThresholdHistoryDays, detector.Threshold.WindowDays)),
        ProtoDetector.KindOneofCase.Ears => new RuleDetector(
            Detectors.Create(EarsName(detector.Ears.Variant), EarsSensitivity(detector.Ears)), 1, EarsHistoryDays),
        ProtoDetector.KindOneofCase.NegativeBinomial => new RuleDetector(
            detector.NegativeBinomial.Alpha > 0
                ? new NegativeBinomialRegressionDetector(1 - detector.NegativeBinomial.Alpha)
                : Detectors.Create("nb-regression"),
            1,
            YearsInDays(detector.NegativeBinomial.YearsBack > 0 ? detector.NegativeBinomial.YearsBack : RegressionYears)),
        ProtoDetector.KindOneofCase.Cusum => new RuleDetector(
            detector.Cusum.Threshold > 0
                ? new NegativeBinomialCusumDetector(decisionInterval: detector.Cusum.Threshold)
                : Detectors.Create("nb-cusum"),
            1,
            YearsInDays(RegressionYears)),
        ProtoDetector.KindOneofCase.Auto => new RuleDetector(
            Detectors.Create("auto", detector.Auto.Sensitivity > 0 ? detector.Auto.Sensitivity : 1.0), 1, YearsInDays(RegressionYears)),
        _ => throw new ArgumentException("The rule has no detector.", nameof(detector)),
    };

    /// <summary>
    /// The wave tracker for <paramref name="rule"/>: its hold period (a threshold's window, else
    /// <see cref="DefaultHoldDays"/>, unless the rule sets one) and its cooldown (the hold, unless set).
    /// </summary>
    public WaveTracker TrackerFor(Rule rule)
    {
        var hold = rule.HoldDays > 0 ? rule.HoldDays : WindowDays > 1 ? WindowDays : DefaultHoldDays;
        return new WaveTracker(WindowDays, rule.MinCount, hold, rule.CooldownDays > 0 ? rule.CooldownDays : hold);
    }

    private static int YearsInDays(int years) => (int)Math.Ceiling(years * 365.25);

    private static string EarsName(EarsVariant variant) => variant switch
    {
        EarsVariant.C2 => "ears-c2",
        EarsVariant.C3 => "ears-c3",
        _ => "ears-c1",
    };

    /// <summary>
    /// The rule states its threshold in standard deviations; the detector takes a sensitivity that
    /// scales the CDC threshold's tail probability (3 for C1 and C2, 2 for C3), so the two are
    /// converted through the normal tail.
    /// </summary>
    private static double EarsSensitivity(Ears ears)
    {
        if (ears.Threshold <= 0)
        {
            return 1.0;
        }

        var cdcThreshold = ears.Variant == EarsVariant.C3 ? 2.0 : 3.0;
        return (1 - Normal.CDF(0, 1, ears.Threshold)) / (1 - Normal.CDF(0, 1, cdcThreshold));
    }
}
