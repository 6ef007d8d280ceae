using System.Text.RegularExpressions;
using Vigia.Alerting.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Rules;

/// <summary>Checks a rule before it is stored, listing every violation at once.</summary>
public static partial class RuleValidator
{
    public const int MaxWindowDays = 366;

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
                if (detector!.Ears.Threshold < 0)
                {
                    violations.Add($"{field}.ears.threshold", "must not be negative (0 means 3 standard deviations)");
                }

                break;
            case Detector.KindOneofCase.NegativeBinomial:
                if (detector!.NegativeBinomial.YearsBack is < 0 or > 30)
                {
                    violations.Add($"{field}.negative_binomial.years_back", "must be between 0 (5 years) and 30");
                }

                if (detector.NegativeBinomial.Alpha != 0 && detector.NegativeBinomial.Alpha is <= 0.5 or >= 1)
                {
                    violations.Add($"{field}.negative_binomial.alpha", "must be a quantile above 0.5 and below 1 (0 means 0.99)");
                }

                break;
            case Detector.KindOneofCase.Cusum:
                // The engine sets h from a target false-alarm rate; a hand-picked h has no meaning for it yet.
                if (detector!.Cusum.Threshold != 0)
                {
                    violations.Add($"{field}.cusum.threshold", "is not supported yet; leave it 0 for the engine's default");
                }

                break;
            case Detector.KindOneofCase.Auto:
                if (detector!.Auto.Sensitivity < 0)
                {
                    violations.Add($"{field}.auto.sensitivity", "must not be negative (0 means 1)");
                }

                break;
        }
    }
}
