using Vigia.Alerting.V1;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// Somewhere the public alert stream goes: the vigia.alerts exchange, and Dapr pub/sub where a sidecar
/// is configured. The relay marks an event published only once every sink has taken it.
/// </summary>
public interface IAlertStreamSink
{
    string Name { get; }

    /// <summary>Connects and declares what subscribers bind to, before the first event.</summary>
    Task PrepareAsync(CancellationToken ct);

    /// <summary>Returns once the event is durably taken; throws otherwise (the relay retries).</summary>
    /// <param name="traceParent">The W3C trace context of the evaluation that raised it, carried in the CloudEvent.</param>
    Task PublishAsync(AlertEvent alertEvent, string? traceParent, CancellationToken ct);
}
