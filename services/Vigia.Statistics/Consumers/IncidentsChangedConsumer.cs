using MassTransit;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Delivery;
using Vigia.Statistics.Data;
using Vigia.Statistics.Projection;

namespace Vigia.Statistics.Consumers;

/// <summary>
/// Applies the registry's incident changes to the counts and announces, in the same transaction,
/// which series moved (one SeriesChanged per batch, none when every snapshot was stale).
/// </summary>
public sealed class IncidentsChangedConsumer(
    StatisticsDbContext db, IncidentProjection projection, ILogger<IncidentsChangedConsumer> logger) : IConsumer<IncidentsChanged>
{
    public const string Name = "statistics.incidents-changed";

    public async Task Consume(ConsumeContext<IncidentsChanged> context)
    {
        var ct = context.CancellationToken;
        var changes = await projection.ApplyAsync(context.Message.Incidents, ct);
        if (changes.Count > 0)
        {
            // The incoming batch id is kept, so one batch can be followed from registry to alerting.
            db.AddOutboxMessage(new SeriesChanged { BatchId = context.Message.BatchId, Changes = changes });
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Applied {Applied} of {Received} incident snapshots of batch {BatchId}",
            changes.Count, context.Message.Incidents.Count, context.Message.BatchId);
    }
}
