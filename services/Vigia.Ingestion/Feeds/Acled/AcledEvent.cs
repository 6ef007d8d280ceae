using System.Text.Json.Serialization;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>
/// The fields of an ACLED event the feed reads, named as ACLED names them. ACLED sends every value as a string, numbers
/// included ("fatalities": "2", "timestamp": "1718000000", "time_precision": "1").
/// </summary>
public sealed record AcledEvent
{
    [JsonPropertyName("event_id_cnty")]
    public string EventIdCnty { get; init; } = "";

    [JsonPropertyName("event_date")]
    public string EventDate { get; init; } = "";

    [JsonPropertyName("time_precision")]
    public string TimePrecision { get; init; } = "";

    [JsonPropertyName("event_type")]
    public string EventType { get; init; } = "";

    [JsonPropertyName("sub_event_type")]
    public string SubEventType { get; init; } = "";

    [JsonPropertyName("actor1")]
    public string Actor1 { get; init; } = "";

    [JsonPropertyName("actor2")]
    public string Actor2 { get; init; } = "";

    [JsonPropertyName("country")]
    public string Country { get; init; } = "";

    [JsonPropertyName("admin1")]
    public string Admin1 { get; init; } = "";

    [JsonPropertyName("admin2")]
    public string Admin2 { get; init; } = "";

    [JsonPropertyName("source")]
    public string Source { get; init; } = "";

    [JsonPropertyName("notes")]
    public string Notes { get; init; } = "";

    [JsonPropertyName("fatalities")]
    public string Fatalities { get; init; } = "";

    [JsonPropertyName("timestamp")]
    public string Timestamp { get; init; } = "";
}
