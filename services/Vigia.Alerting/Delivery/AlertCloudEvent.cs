using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Google.Protobuf;
using Vigia.Alerting.V1;
using Vigia.Contracts.Selectors;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// An alert event as a CloudEvent in structured JSON mode: type <c>org.vigia.alert.&lt;kind&gt;.v1</c>,
/// id the event id (subscribers de-duplicate on it), subject the alert id, <c>dataschema</c> the proto
/// message it holds, <c>traceparent</c> the W3C trace context of the evaluation that raised it, and data
/// the AlertEvent as proto-JSON with every field present: a consumer in any language reads
/// <c>expected</c> even when it is 0, instead of meeting a missing key.
/// </summary>
public static class AlertCloudEvent
{
    public const string ContentType = "application/cloudevents+json";
    public const string Source = "/vigia/alerting";

    /// <summary>Names the message in protos/vigia/alerting/v1/alerting.proto that <c>data</c> holds, as proto-JSON.</summary>
    public const string DataSchema = "urn:vigia:proto:vigia.alerting.v1.AlertEvent";

    /// <summary>The Distributed Tracing extension's attribute (W3C trace context).</summary>
    public static CloudEventAttribute TraceParent { get; } = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    private static readonly JsonFormatter s_data = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private static readonly JsonEventFormatter s_formatter = new();

    public static string TypeOf(AlertEventKind kind) => $"org.vigia.alert.{EnumNames.Of(kind)}.v1";

    public static CloudEvent Create(AlertEvent alertEvent, string? traceParent = null)
    {
        using var data = JsonDocument.Parse(s_data.Format(alertEvent));
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, [TraceParent])
        {
            Id = alertEvent.EventId,
            Type = TypeOf(alertEvent.Kind),
            Source = new Uri(Source, UriKind.Relative),
            Subject = alertEvent.AlertId,
            Time = alertEvent.EmittedAt?.ToDateTimeOffset(),
            DataContentType = MediaTypeNames.Application.Json,
            DataSchema = new Uri(DataSchema),
            Data = data.RootElement.Clone(),
        };
        if (!string.IsNullOrEmpty(traceParent))
        {
            cloudEvent[TraceParent] = traceParent;
        }

        return cloudEvent;
    }

    /// <summary>The message body: the whole CloudEvent as one JSON object.</summary>
    public static ReadOnlyMemory<byte> Encode(AlertEvent alertEvent, string? traceParent = null) =>
        s_formatter.EncodeStructuredModeMessage(Create(alertEvent, traceParent), out _);
}
