using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// An alert event as a CloudEvent in structured JSON mode: type <c>org.vigia.alert.&lt;kind&gt;.v1</c>,
/// id the event id (subscribers de-duplicate on it), subject the alert id, data the AlertEvent as proto-JSON.
/// </summary>
public static class AlertCloudEvent
{
    public const string ContentType = "application/cloudevents+json";
    public const string Source = "/vigia/alerting";

    private static readonly JsonEventFormatter s_formatter = new();

    public static string TypeOf(AlertEventKind kind) => $"org.vigia.alert.{EnumNames.Of(kind)}.v1";

    public static CloudEvent Create(AlertEvent alertEvent)
    {
        using var data = JsonDocument.Parse(AlertRecorder.Formatter.Format(alertEvent));
        return new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = alertEvent.EventId,
            Type = TypeOf(alertEvent.Kind),
            Source = new Uri(Source, UriKind.Relative),
            Subject = alertEvent.AlertId,
            Time = alertEvent.EmittedAt?.ToDateTimeOffset(),
            DataContentType = MediaTypeNames.Application.Json,
            Data = data.RootElement.Clone(),
        };
    }

    /// <summary>The message body: the whole CloudEvent as one JSON object.</summary>
    public static ReadOnlyMemory<byte> Encode(AlertEvent alertEvent) =>
        s_formatter.EncodeStructuredModeMessage(Create(alertEvent), out _);
}
