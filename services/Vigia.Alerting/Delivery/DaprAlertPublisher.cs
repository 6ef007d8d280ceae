using Dapr.Client;
using Microsoft.Extensions.Options;
using Vigia.Alerting.V1;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// Publishes the alert CloudEvents through the Dapr sidecar's pub/sub component, for installations
/// whose teams subscribe through Dapr (Kafka, Service Bus, …) rather than RabbitMQ. The body is the
/// same structured CloudEvent as on vigia.alerts; with content type application/cloudevents+json Dapr
/// passes it on as is instead of wrapping it in an envelope of its own.
/// </summary>
public sealed class DaprAlertPublisher(DaprClient dapr, IOptions<AlertStreamOptions> options) : IAlertStreamSink
{
    public string Name => $"dapr:{options.Value.DaprPubSub}/{options.Value.DaprTopic}";

    // The pub/sub component, not the publisher, declares the topic; the first publish waits for the sidecar.
    public Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    public Task PublishAsync(AlertEvent alertEvent, string? traceParent, CancellationToken ct) => dapr.PublishByteEventAsync(
        options.Value.DaprPubSub!, options.Value.DaprTopic, AlertCloudEvent.Encode(alertEvent, traceParent), AlertCloudEvent.ContentType,
        new Dictionary<string, string> { ["partitionKey"] = alertEvent.AlertId }, ct);
}
