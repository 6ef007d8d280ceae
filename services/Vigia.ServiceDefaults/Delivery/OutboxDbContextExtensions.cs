using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.ServiceDefaults.Delivery;

public static class OutboxDbContextExtensions
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Queues a message to publish once the surrounding SaveChanges commits.</summary>
    public static Guid AddOutboxMessage<T>(this DbContext db, T message)
        where T : class
    {
        var id = RowIds.Next();
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageId = id,
            MessageType = OutboxMessageTypes.NameOf(typeof(T)),
            Body = JsonSerializer.Serialize(message, JsonOptions),
            TraceParent = Activity.Current?.Id,
            CreatedAt = DateTime.UtcNow,
        });
        return id;
    }
}
