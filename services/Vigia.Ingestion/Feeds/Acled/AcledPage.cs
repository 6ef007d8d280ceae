using System.Text.Json.Serialization;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>One page of an ACLED read: <c>{"status":200,"success":true,"count":n,"data":[...]}</c>.</summary>
public sealed record AcledPage<T>(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("data")] IReadOnlyList<T> Data);
