using Google.Protobuf;
using Vigia.Alerting.V1;

namespace Vigia.Alerting.Silences;

public class SilenceRecord
{
    /// <summary>Listing order.</summary>
    public long Id { get; set; }

    public required string SilenceId { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime? EndsAt { get; set; }
    public required byte[] Body { get; set; }

    public Silence ToSilence() => Silence.Parser.ParseFrom(Body);
}
