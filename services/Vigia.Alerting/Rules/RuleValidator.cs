using System.Text.RegularExpressions;
using Vigia.Alerting.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Rules;

/// <summary>Checks a rule before it is stored, listing every violation at once.</summary>
public static partial class RuleValidator
{
    public const int MaxWindowDays = 366;
    public const int MaxHoldDays = 90;
    public const double MaxEarsThreshold = 10;
    public const double MinCusumThreshold = 0.1;
    public const double MaxCusumThreshold = 50;
    public const double MinSensitivity = 0.01;
    public const double MaxSensitivity = 100;

    [GeneratedRegex("^[a-z][a-z0-9-]{2,62}$")]
    private static partial Regex RuleIdPattern();

    public static bool IsValidRuleId(string ruleId) => RuleIdPattern().IsMatch(ruleId);

    public static FieldViolations Validate(Rule rule, string prefix = "rule")
    {
        var violations = new FieldViolations();
        if (rule.RuleId.Length > 0 && !IsValidRuleId(rule.RuleId))
        {
            violations.Add($"{prefix}.rule_id", "must be 3 to 63 lower-case letters, digits or dashes, starting with a letter");
        }

        if (string.IsNullOrWhiteSpace(rule.DisplayName))
        {
            violations.Add($"{prefix}.display_name", "is required");
        }
        else if (rule.DisplayName.Length > 200)
        {
            violations.Add($"{prefix}.display_name", "must be at most 200 characters");
        }

        // A value the platform does not know would fail every evaluation of the rule: refuse it here.
        violations.Defaulted(rule.Measure, Common.V1.Measure.Unspecified, Common.V1.Measure.Incidents, $"{prefix}.measure");
        violations.Defaulted(rule.GroupBy, Common.V1.GroupBy.Unspecified, Common.V1.GroupBy.None, $"{prefix}.group_by");
        violations.Defaulted(rule.Severity, Severity.Unspecified, Severity.Unspecified, $"{prefix}.severity");
        violations.Selector(rule.Selector, $"{prefix}.selector");

        if (rule.HoldDays is < 0 or > MaxHoldDays)
        {
            violations.Add($"{prefix}.hold_days", $"must be between 0 (the detector's default) and {MaxHoldDays}");
        }

        if (rule.CooldownDays is < 0 or > MaxWindowDays)
        {
            violations.Add($"{prefix}.cooldown_days", $"must be between 0 (the hold period) and {MaxWindowDays}");
        }

        if (rule.MinCount < 0)
        {
            violations.Add($"{prefix}.min_count", "must not be negative");
        }

        foreach (var key in rule.Labels.Keys.Where(string.IsNullOrWhiteSpace))
        {
            violations.Add($"{prefix}.labels", $"label key '{key}' must not be empty");
        }

        ValidateDetector(rule.Detector, $"{prefix}.detector", violations);
        return violations;
    }

    private static void ValidateDetector(Detector? detector, string field, FieldViolations violations)
    {
        switch (detector?.KindCase ?? Detector.KindOneofCase.None)
        {
            case Detector.KindOneofCase.None:
                violations.Add(field, "is required: threshold, ears, negative_binomial, cusum or auto");
                break;
            case Detector.KindOneofCase.Threshold:
                if (detector!.Threshold.Count < 1)
                {
                    violations.Add($"{field}.threshold.count", "must be at least 1");
                }

                if (detector.Threshold.WindowDays is < 1 or > MaxWindowDays)
                {
                    violations.Add($"{field}.threshold.window_days", $"must be between 1 and {MaxWindowDays}");
                }

                break;
            case Detector.KindOneofCase.Ears:
                Bounded(detector!.Ears.Threshold, 1, MaxEarsThreshold, $"{field}.ears.threshold",
                    $"must be 0 (3 standard deviations, 2 for C3) or between 1 and {MaxEarsThreshold}", violations);
                break;
            case Detector.KindOneofCase.NegativeBinomial:
                if (detector!.NegativeBinomial.YearsBack is < 0 or > 30)
                {
                    violations.Add($"{field}.negative_binomial.years_back", "must be between 0 (5 years) and 30");
                }

                if (detector.NegativeBinomial.Alpha != 0 && !(detector.NegativeBinomial.Alpha is > 0.5 and < 1))
                {
                    violations.Add($"{field}.negative_binomial.alpha", "must be a quantile above 0.5 and below 1 (0 means 0.99)");
                }

                break;
            case Detector.KindOneofCase.Cusum:
                Bounded(detector!.Cusum.Threshold, MinCusumThreshold, MaxCusumThreshold, $"{field}.cusum.threshold",
                    $"must be 0 (the engine's default) or a decision interval h between {MinCusumThreshold} and {MaxCusumThreshold}", violations);
                break;
            case Detector.KindOneofCase.Auto:
                Bounded(detector!.Auto.Sensitivity, MinSensitivity, MaxSensitivity, $"{field}.auto.sensitivity",
                    $"must be 0 (1) or between {MinSensitivity} and {MaxSensitivity}", violations);
                break;
        }
    }

    /// <summary>A parameter where 0 means the default; otherwise a finite number within its range (NaN and infinities fail every comparison but one).</summary>
    private static void Bounded(double value, double min, double max, string field, string rule, FieldViolations violations)
    {
        if (value != 0 && !(double.IsFinite(value) && value >= min && value <= max))
        {
            violations.Add(field, rule);
        }
    }
}
