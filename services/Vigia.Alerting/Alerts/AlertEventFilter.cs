using Vigia.Alerting.Evaluation;
using Vigia.Alerting.V1;
using Vigia.Common.V1;

namespace Vigia.Alerting.Alerts;

/// <summary>What a subscriber asked for: series inside its selector, at least its severity, its rule labels.</summary>
public sealed class AlertEventFilter(Selector? selector, Severity minSeverity, IReadOnlyDictionary<string, string> labels)
{
    public bool Matches(AlertEvent alertEvent) =>
        alertEvent.Severity >= minSeverity
        && SelectorMatch.IsWithin(alertEvent.Series ?? new Selector(), selector)
        && labels.All(l => alertEvent.Labels.TryGetValue(l.Key, out var value) && value == l.Value);
}
