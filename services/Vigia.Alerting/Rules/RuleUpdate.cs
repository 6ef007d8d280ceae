using Vigia.Alerting.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Rules;

/// <summary>UpdateRule's request, checked: the rule's new values and the fields its update mask names.</summary>
public static class RuleUpdate
{
    private static readonly string[] s_updatablePaths =
        ["display_name", "selector", "measure", "group_by", "detector", "min_count", "labels", "enabled", "severity", "hold_days", "cooldown_days"];

    /// <summary>The changes and the paths to apply (every updatable field when the mask is empty).</summary>
    public static (Rule Changes, IReadOnlyList<string> Paths) ToUpdate(this UpdateRuleRequest request)
    {
        var violations = new FieldViolations();
        var changes = request.Rule ?? new Rule();
        // Checked before the database sees it: PostgreSQL refuses a NUL even in a look-up.
        violations.Text(changes.RuleId, "rule.rule_id", RuleRecord.MaxRuleIdLength, required: true);

        var paths = violations.Paths(request.UpdateMask, s_updatablePaths);
        violations.ThrowIfAny();
        return (changes, paths.Count == 0 ? s_updatablePaths : paths);
    }

    /// <summary>Copies the field <paramref name="path"/> names from <paramref name="changes"/> to <paramref name="rule"/>.</summary>
    public static void Apply(Rule rule, Rule changes, string path)
    {
        switch (path)
        {
            case "display_name":
                rule.DisplayName = changes.DisplayName;
                break;
            case "selector":
                rule.Selector = changes.Selector?.Clone();
                break;
            case "measure":
                rule.Measure = changes.Measure;
                break;
            case "group_by":
                rule.GroupBy = changes.GroupBy;
                break;
            case "detector":
                rule.Detector = changes.Detector?.Clone();
                break;
            case "min_count":
                rule.MinCount = changes.MinCount;
                break;
            case "labels":
                rule.Labels.Clear();
                rule.Labels.Add(changes.Labels);
                break;
            case "enabled":
                rule.Enabled = changes.Enabled;
                break;
            case "severity":
                rule.Severity = changes.Severity;
                break;
            case "hold_days":
                rule.HoldDays = changes.HoldDays;
                break;
            case "cooldown_days":
                rule.CooldownDays = changes.CooldownDays;
                break;
        }
    }
}
