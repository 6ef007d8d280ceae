using Google.Protobuf;
using Vigia.Alerting.V1;

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
    public required byte[] Body { get; set; }

    public Alert ToAlert() => Alert.Parser.ParseFrom(Body);

    public void Store(Alert alert)
    {
        State = alert.State;
        Body = alert.ToByteArray();
    }
}
