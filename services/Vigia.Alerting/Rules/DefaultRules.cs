using Vigia.Alerting.V1;
using Vigia.Common.V1;

namespace Vigia.Alerting.Rules;

/// <summary>The rules alerting ships with, seeded once at first start-up.</summary>
public static class DefaultRules
{
    public const string SecurityForceRelativesKilledId = "security-force-relatives-killed";

    /// <summary>The wave of June 11–12 2017 ("Plan Orphan Children"): three relatives of security forces killed in under 48 hours.</summary>
    public static Rule SecurityForceRelativesKilled() => new()
    {
        RuleId = SecurityForceRelativesKilledId,
        DisplayName = "3 or more killings of relatives of security forces within 2 days, nationwide",
        Selector = new Selector
        {
            IncidentTypes = { IncidentType.Homicide },
            VictimCategories = { VictimCategory.SecurityForceRelative },
        },
        Measure = Measure.Victims,
        GroupBy = GroupBy.Country,
        Detector = new Detector { Threshold = new Threshold { Count = 3, WindowDays = 2 } },
        MinCount = 0,
        Labels = { ["team"] = "security" },
        Enabled = true,
        Severity = Severity.High,
    };

    public static IReadOnlyList<Rule> All() => [SecurityForceRelativesKilled()];
}
