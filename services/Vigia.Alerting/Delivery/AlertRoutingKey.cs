using Vigia.Alerting.Alerts;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// <c>&lt;event&gt;.&lt;country&gt;.&lt;admin1&gt;.&lt;incident_type&gt;.&lt;victim_category&gt;.&lt;severity&gt;</c>,
/// lower case, e.g. <c>opened.sv.sv-sm.homicide.security_force_relative.high</c>. A part the series
/// does not fix to one value (a nationwide series has no department) is <c>all</c>.
/// </summary>
public static class AlertRoutingKey
{
    public const string Any = "all";

    public static string For(AlertEvent alertEvent)
    {
        var series = alertEvent.Series ?? new Common.V1.Selector();
        return string.Join('.',
            EnumNames.Of(alertEvent.Kind),
            One(series.CountryCodes),
            One(series.Admin1),
            series.IncidentTypes.Count == 1 ? EnumNames.Of(series.IncidentTypes[0]) : Any,
            series.VictimCategories.Count == 1 ? EnumNames.Of(series.VictimCategories[0]) : Any,
            EnumNames.Of(alertEvent.Severity));
    }

    private static string One(Google.Protobuf.Collections.RepeatedField<string> values) => values.Count == 1 && values[0].Length > 0 ? Word(values[0]) : Any;

    // A dot would split the word, and '*' and '#' are wildcards to subscribers.
    private static string Word(string value) => value.Trim().ToLowerInvariant().Replace('.', '_').Replace(' ', '_').Replace('*', '_').Replace('#', '_');
}
