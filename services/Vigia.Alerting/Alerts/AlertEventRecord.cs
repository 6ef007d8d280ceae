using Google.Protobuf;
using Vigia.Alerting.V1;

namespace Vigia.Alerting.Alerts;

/// <summary>
/// One event of an alert, in the order it happened. The database assigns <see cref="Sequence"/>;
/// the live feed and the vigia.alerts relay read rows after a sequence, so an event is announced only
/// once it is committed, and a restart loses none.
/// </summary>
public class AlertEventRecord
{
    private static readonly JsonParser s_parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public long Sequence { get; set; }

    /// <summary>The public event id (a NewId Guid): subscribers de-duplicate on it and resume after it.</summary>
    public required string EventId { get; set; }

    public required string AlertId { get; set; }
    public required string Kind { get; set; }

    /// <summary>The AlertEvent as proto-JSON.</summary>
    public required string Body { get; set; }

    public DateTime EmittedAt { get; set; }

    /// <summary>When the vigia.alerts exchange confirmed it; null until then.</summary>
    public DateTime? PublishedAt { get; set; }

    /// <summary>The W3C trace context of the work that raised it, carried to the alert stream.</summary>
    public string? TraceParent { get; set; }

    /// <summary>A silence matched when it was emitted: recorded, but not delivered.</summary>
    public bool Suppressed { get; set; }

    public AlertEvent ToEvent() => s_parser.Parse<AlertEvent>(Body);
}
