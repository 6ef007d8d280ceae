using System.Text.Json.Serialization;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>One record of ACLED's deleted endpoint: the event's id and when ACLED deleted it (Unix seconds, as a string).</summary>
public sealed record AcledDeletion
{
    [JsonPropertyName("event_id_cnty")]
    public string EventIdCnty { get; init; } = "";

    [JsonPropertyName("deleted_timestamp")]
    public string DeletedTimestamp { get; init; } = "";
}
