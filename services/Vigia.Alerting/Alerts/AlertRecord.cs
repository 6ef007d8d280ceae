using Google.Protobuf;
using Vigia.Alerting.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Alerts;

/// <summary>An alert as it stands now (one wave), the contract message as bytes plus query columns.</summary>
public class AlertRecord
{
    /// <summary>Listing order: newest first.</summary>
    public long Id { get; set; }

    public required string AlertId { get; set; }
    public required string RuleId { get; set; }
    public required string SeriesKey { get; set; }
    public AlertState State { get; set; }
    public DateOnly WindowStart { get; set; }
    public DateOnly WindowEnd { get; set; }
    public Severity Severity { get; set; }
    public required byte[] Body { get; set; }

    /// <summary>The day a provisional alert's reporting delay ends, when it is confirmed; null when it is not provisional.</summary>
    public DateOnly? ProvisionalUntil { get; set; }

    /// <summary>
    /// The concurrency token: raised by every change, so a save of an alert read at an older version (another replica
    /// or an acknowledgement changed it meanwhile) is refused instead of overwriting that change.
    /// </summary>
    public int Version { get; set; }

    public Alert ToAlert() => Alert.Parser.ParseFrom(Body);

    public void Store(Alert alert)
    {
        Version++;
        State = alert.State;
        Severity = alert.Severity;
        if (alert.Window is { } window)
        {
            WindowStart = ProtoDates.ToDateOnly(window.StartDate);
            WindowEnd = ProtoDates.ToDateOnly(window.EndDate);
        }

        Body = alert.ToByteArray();
    }
}
