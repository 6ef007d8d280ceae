using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Vigia.Contracts.Messages.Protobuf;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.ServiceDefaults.Delivery;

public static class OutboxDbContextExtensions
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Queues a message to publish once the surrounding SaveChanges commits: as its protobuf bus body when it has one
    /// and <see cref="BusOptions.ProtobufBodies"/> is on (<see cref="OutboxMessage.Payload"/>), otherwise as JSON.
    /// </summary>
    public static Guid AddOutboxMessage<T>(this DbContext db, T message)
        where T : class
    {
        var id = RowIds.Next();
        var protobuf = ProtobufBodies.Carries(typeof(T)) && WritesProtobuf(db);
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageId = id,
            MessageType = OutboxMessageTypes.NameOf(typeof(T)),
            Body = protobuf ? "" : JsonSerializer.Serialize(message, JsonOptions),
            Payload = protobuf ? ProtobufBodies.Write(message) : null,
            TraceParent = Activity.Current?.Id,
            CreatedAt = DateTime.UtcNow,
        });
        return id;
    }

    /// <summary>
    /// The service's <see cref="BusOptions.ProtobufBodies"/>, through the context's application services; a context
    /// made without them (a design-time factory, a benchmark) takes the default.
    /// </summary>
    private static bool WritesProtobuf(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
            ?.GetService(typeof(IOptions<BusOptions>)) is not IOptions<BusOptions> options
        || options.Value.ProtobufBodies;
}
