using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics.Data;
using Vigia.Statistics.Projection;

namespace Vigia.Statistics.Consumers;

/// <summary>
/// Applies the registry's incident changes to the counts and announces, in the same transaction,
/// which series moved (one SeriesChanged per batch, none when every snapshot was stale). A snapshot that cannot be
/// applied is set aside with its reason (<see cref="BatchIsolation{TContext}"/>) and the others are applied. Messages
/// that queued behind a transaction are applied as one (<see cref="GroupCommit{TMessage}"/>), with one SeriesChanged.
/// </summary>
public sealed class IncidentsChangedConsumer(
    StatisticsDbContext db,
    IncidentProjection projection,
    BatchIsolation<StatisticsDbContext> isolation,
    GroupCommit<ConsumeContext<IncidentsChanged>> groupCommit,
    ILogger<IncidentsChangedConsumer> logger)
    : IConsumer<IncidentsChanged>, ISetAsideItemHandler<IncidentSnapshot>
{
    public const string Name = "statistics.incidents-changed";

    public Task Consume(ConsumeContext<IncidentsChanged> context) =>
        GroupTransaction.HandleAsync(
            groupCommit, context, db, Name,
            (group, ct) => ApplyAsync(group[0].Message.BatchId, [.. group.SelectMany(m => m.Message.Incidents)], ct),
            () => isolation.HandleAsync(
                context, Name, context.Message.Incidents, (snapshots, ct) => ApplyAsync(context.Message.BatchId, snapshots, ct),
                s => $"incident {s.IncidentId} v{s.Version}"),
            logger);

    /// <summary>A snapshot set aside earlier, applied again as a batch of its own (set-aside replay).</summary>
    public Task HandleSetAsideAsync(IReadOnlyList<IncidentSnapshot> items, CancellationToken ct) => ApplyAsync(RowIds.Next(), items, ct);

    private async Task ApplyAsync(Guid batchId, IReadOnlyList<IncidentSnapshot> snapshots, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginWholeTransactionAsync(ct);
        var changes = await projection.ApplyAsync(snapshots, ct);
        if (changes.Count > 0)
        {
            // The incoming batch id is kept, so one batch can be followed from registry to alerting.
            db.AddOutboxMessage(new SeriesChanged { BatchId = batchId, Changes = changes });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Applied {Applied} of {Received} incident snapshots of batch {BatchId}", changes.Count, snapshots.Count, batchId);
    }
}
