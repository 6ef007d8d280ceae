using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace Vigia.Cli.Errors;

/// <summary>The part of RabbitMQ's management HTTP API that lists queues and reads messages without taking them.</summary>
internal interface IRabbitMqManagementApi
{
    [Get("/api/queues/{virtualHost}?columns=name,messages")]
    Task<List<ManagementQueue>> ListQueuesAsync(string virtualHost, CancellationToken ct);

    /// <summary>Reads up to <see cref="PeekRequest.Count"/> messages and puts them back (ackmode ack_requeue_true).</summary>
    [Post("/api/queues/{virtualHost}/{queue}/get")]
    Task<List<ManagementMessage>> PeekAsync(string virtualHost, string queue, [Body] PeekRequest request, CancellationToken ct);
}

internal sealed record ManagementQueue(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("messages")] long? Messages);

internal sealed record PeekRequest(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("ackmode")] string AckMode = "ack_requeue_true",
    [property: JsonPropertyName("encoding")] string Encoding = "auto",
    [property: JsonPropertyName("truncate")] int Truncate = 100_000);

internal sealed record ManagementMessage(
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("payload_encoding")] string PayloadEncoding,
    [property: JsonPropertyName("properties")] ManagementMessageProperties Properties);

internal sealed record ManagementMessageProperties(
    [property: JsonPropertyName("message_id")] string? MessageId,
    [property: JsonPropertyName("timestamp")] long? Timestamp,
    [property: JsonPropertyName("headers")] Dictionary<string, JsonElement>? Headers);
