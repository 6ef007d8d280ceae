using MassTransit;
using Vigia.Contracts.Messages;
using Vigia.Registry.Data;
using Vigia.Registry.Incidents;
using Vigia.ServiceDefaults.Outbox;

namespace Vigia.Registry.Consumers;

/// <summary>
/// Records a batch of accepted reports as incidents in one transaction: candidates for the whole
/// batch are loaded at once, merging is decided in memory, and the incidents, their versions, one
/// IncidentsChanged and one ReportsRecorded are saved together. A redelivered batch is a no-op.
/// </summary>
public sealed class ReportsAcceptedConsumer(
    RegistryDbContext db,
    TimeProvider time,
    IncidentChangeSignal changes,
    OutboxRelay<RegistryDbContext> relay,
    ILogger<ReportsAcceptedConsumer> logger)
    : IConsumer<ReportsAccepted>
{
    public const string Name = "registry.reports-accepted";

    public async Task Consume(ConsumeContext<ReportsAccepted> context)
    {
        var ct = context.CancellationToken;
        var messageId = context.MessageId ?? throw new InvalidOperationException("ReportsAccepted arrived without a MessageId.");
        // A retry may reuse this scope: start from a clean slate.
        db.ChangeTracker.Clear();

        await using var transaction = await db.BeginWriteAsync(ct);
        if (await db.HasHandledAsync(messageId, Name, ct))
        {
            logger.LogDebug("Batch {BatchId} (message {MessageId}) was already recorded", context.Message.BatchId, messageId);
            return;
        }

        var reports = context.Message.Reports;
        var recorded = await db.FindRecordedAsync(reports, ct);
        var candidates = await db.LoadMergeCandidatesAsync(reports, ct);
        var batch = ReportMerger.MergeBatch(reports, recorded, candidates, time.GetUtcNow().UtcDateTime);

        db.Incidents.AddRange(batch.Created);
        db.IncidentSources.AddRange(batch.AddedSources);
        db.IncidentVersions.AddRange(batch.Versions);
        if (batch.Changed.Count > 0)
        {
            db.AddOutboxMessage(new IncidentsChanged
            {
                BatchId = context.Message.BatchId,
                Incidents = [.. batch.Changed.Select(i => i.ToSnapshot())],
            });
        }

        db.AddOutboxMessage(new ReportsRecorded { Reports = batch.Recorded });
        db.MarkHandled(messageId, Name);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        changes.Notify();
        // The next batch may already be queued behind this one: hand this one's messages over first.
        await relay.AfterCommitAsync(db, ct);

        logger.LogInformation(
            "Batch {BatchId}: {Reports} reports, {Created} incidents created, {Merged} merges, {Skipped} already recorded",
            context.Message.BatchId, reports.Count, batch.Created.Count, batch.AddedSources.Count,
            reports.Count - batch.Created.Count - batch.AddedSources.Count);
    }
}
