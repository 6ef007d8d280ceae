using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Vigia.ServiceDefaults.Outbox;

public static class OutboxDbContextExtensions
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Queues a message to publish once the surrounding SaveChanges commits.</summary>
    public static Guid AddOutboxMessage<T>(this DbContext db, T message)
        where T : class
    {
        var id = NewId.NextGuid();
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageId = id,
            MessageType = typeof(T).FullName!,
            Body = JsonSerializer.Serialize(message, JsonOptions),
            TraceParent = Activity.Current?.Id,
            CreatedAt = DateTime.UtcNow,
        });
        return id;
    }

    /// <summary>Whether this consumer already handled the message (a redelivery).</summary>
    public static Task<bool> HasHandledAsync(this DbContext db, Guid messageId, string consumer, CancellationToken ct) =>
        db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, ct);

    /// <summary>Records the message as handled, in the same SaveChanges as the state change it caused.</summary>
    public static void MarkHandled(this DbContext db, Guid messageId, string consumer) =>
        db.Set<InboxMessage>().Add(new InboxMessage { MessageId = messageId, Consumer = consumer, ProcessedAt = DateTime.UtcNow });
}
