using System.Linq.Expressions;
using System.Text.Json;
using Vigia.Contracts.Messages.Protobuf;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>A message written in the same transaction as the state change it announces.</summary>
public class OutboxMessage
{
    /// <summary>Publication order.</summary>
    public long Sequence { get; set; }

    /// <summary>Becomes the bus MessageId, so a republish after a crash is recognised downstream.</summary>
    public Guid MessageId { get; set; }

    public required string MessageType { get; set; }

    /// <summary>The message as JSON, when <see cref="Payload"/> is null; empty otherwise.</summary>
    public required string Body { get; set; }

    /// <summary>
    /// The message as its protobuf bus body (<c>ProtobufBodies</c>), for the batch messages that have one, a third of
    /// their JSON's size and several times cheaper to write and read: a 500-report batch's row is written in the
    /// transaction that commits the batch, read back by the relay, and its pages written twice more by SQLite's WAL and
    /// checkpoint. Null for a row whose message is in <see cref="Body"/> as JSON: a type without a protobuf body, a row
    /// written with <c>Vigia:Bus:ProtobufBodies</c> off (a rolling upgrade from a release whose relay reads JSON rows
    /// only), or one written by such a release.
    /// </summary>
    public byte[]? Payload { get; set; }

    /// <summary>W3C traceparent of the transaction that wrote it, so one trace spans the hop.</summary>
    public string? TraceParent { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>
    /// When the relay gave up on the row (it cannot be published: unknown type, unreadable body, too large, or failing
    /// on its own after bounded attempts); null while it is pending or sent. The rows behind it flow; clearing it
    /// (with <see cref="SetAsideReason"/>) queues the row again.
    /// </summary>
    public DateTime? SetAsideAt { get; set; }

    /// <summary>Why the row was set aside, for the operator who mends it.</summary>
    public string? SetAsideReason { get; set; }

    /// <summary>A row the relay still owes the bus: neither sent nor set aside (the relay's reads and its backlog gauge).</summary>
    public static readonly Expression<Func<OutboxMessage, bool>> IsPending = m => m.SentAt == null && m.SetAsideAt == null;

    /// <summary>The message the row holds, as <paramref name="type"/>, from whichever form it was written in (null: JSON <c>null</c>).</summary>
    /// <exception cref="Google.Protobuf.InvalidProtocolBufferException">The payload is not a <paramref name="type"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="type"/> has no protobuf body, yet the row holds one.</exception>
    /// <exception cref="JsonException">The body is not JSON of a <paramref name="type"/>.</exception>
    public object? Read(Type type) => Payload is { } payload
        ? ProtobufBodies.Read(type, payload)
        : JsonSerializer.Deserialize(Body, type, OutboxDbContextExtensions.JsonOptions);

    /// <inheritdoc cref="Read(Type)"/>
    public T? Read<T>()
        where T : class => (T?)Read(typeof(T));
}
