using Vigia.Alerting.V1;
using Vigia.Common.V1;

namespace Vigia.Alerting.Rules;

/// <summary>
/// The rules alerting ships with, seeded once at first start-up. A fixed count suits a rare event whose every
/// occurrence matters (relatives of security forces); for counts with a level of their own (homicides, police and
/// soldiers killed) any fixed threshold is wrong somewhere, so those use the automatic detector, which learns each
/// series' level, season and dispersion.
/// </summary>
public static class DefaultRules
{
    public const string SecurityForceRelativesKilledId = "security-force-relatives-killed";
    public const string NationalHomicidesId = "homicides-national";
    public const string DepartmentHomicidesId = "homicides-by-department";
    public const string SecurityForcesKilledId = "police-and-soldiers-killed";

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

    public static Rule NationalHomicides() => Automatic(
        NationalHomicidesId, "Homicide victims above what the country's own history predicts", GroupBy.Country, "observatory");

    public static Rule DepartmentHomicides() => Automatic(
        DepartmentHomicidesId, "Homicide victims above what the department's own history predicts", GroupBy.Admin1, "observatory");

    public static Rule SecurityForcesKilled() => Automatic(
        SecurityForcesKilledId, "Police officers and soldiers killed, above what the country's own history predicts", GroupBy.Country, "security",
        VictimCategory.PoliceOfficer, VictimCategory.Soldier);

    public static IReadOnlyList<Rule> All() => [SecurityForceRelativesKilled(), NationalHomicides(), DepartmentHomicides(), SecurityForcesKilled()];

    private static Rule Automatic(string ruleId, string displayName, GroupBy groupBy, string team, params VictimCategory[] victims) => new()
    {
        RuleId = ruleId,
        DisplayName = displayName,
        Selector = new Selector { IncidentTypes = { IncidentType.Homicide }, VictimCategories = { victims } },
        Measure = Measure.Victims,
        GroupBy = groupBy,
        Detector = new Detector { Auto = new Auto() },
        Labels = { ["team"] = team },
        Enabled = true,
        // The detector's score sets it: further past the bound is more severe.
        Severity = Severity.Unspecified,
    };
}
