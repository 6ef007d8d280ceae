using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Delivery;

/// <summary>What a subscriber asked for: series inside its selector, at least its severity, its rule labels.</summary>
public sealed class AlertEventFilter(Selector? selector, Severity minSeverity, IReadOnlyDictionary<string, string> labels)
{
    private readonly Selection _selection = Selection.From(selector);

    public bool Matches(AlertEvent alertEvent) =>
        alertEvent.Severity >= minSeverity
        && Selection.From(alertEvent.Series).IsWithin(_selection)
        && labels.All(l => alertEvent.Labels.TryGetValue(l.Key, out var value) && value == l.Value);
}
