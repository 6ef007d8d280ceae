using Google.Protobuf.Collections;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;

namespace Vigia.Alerting.Evaluation;

/// <summary>Whether an incident falls in a selector, and whether one series lies inside another selector.</summary>
public static class SelectorMatch
{
    /// <summary>An empty field means "all"; a victim category counts only when it has victims.</summary>
    public static bool Matches(Selector selector, IncidentSnapshot incident) =>
        AnyOrContains(selector.CountryCodes, incident.CountryCode)
        && AnyOrContains(selector.Admin1, incident.Admin1)
        && AnyOrContains(selector.Admin2, incident.Admin2)
        && (selector.IncidentTypes.Count == 0 || selector.IncidentTypes.Contains(incident.IncidentType))
        && (selector.VictimCategories.Count == 0
            || incident.Victims.Any(v => v.Count > 0 && selector.VictimCategories.Contains(v.Category)))
        && AnyOrContains(selector.Perpetrators, incident.Perpetrator);

    /// <summary>
    /// Whether every incident of <paramref name="series"/> is inside <paramref name="filter"/>: each
    /// field the filter restricts, the series must restrict to values the filter allows. A nationwide
    /// series is not inside a filter for one department.
    /// </summary>
    public static bool IsWithin(Selector series, Selector? filter) =>
        filter is null
        || (Within(series.CountryCodes, filter.CountryCodes)
            && Within(series.Admin1, filter.Admin1)
            && Within(series.Admin2, filter.Admin2)
            && Within(series.IncidentTypes, filter.IncidentTypes)
            && Within(series.VictimCategories, filter.VictimCategories)
            && Within(series.Perpetrators, filter.Perpetrators));

    private static bool AnyOrContains(RepeatedField<string> allowed, string? value) =>
        allowed.Count == 0 || (value is not null && allowed.Contains(value, StringComparer.OrdinalIgnoreCase));

    private static bool Within(RepeatedField<string> series, RepeatedField<string> filter) =>
        filter.Count == 0 || (series.Count > 0 && series.All(s => filter.Contains(s, StringComparer.OrdinalIgnoreCase)));

    private static bool Within<T>(RepeatedField<T> series, RepeatedField<T> filter) =>
        filter.Count == 0 || (series.Count > 0 && series.All(filter.Contains));
}
