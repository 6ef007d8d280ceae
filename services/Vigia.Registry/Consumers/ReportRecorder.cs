using MassTransit;
using Vigia.Contracts.Messages;
using Vigia.Registry.Data;
using Vigia.Registry.Incidents;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Registry.Consumers;

/// <summary>
/// Records a batch of accepted reports as incidents in one transaction, holding only the batch's places (registry
/// replicas recording other places go on at the same time): candidates for the whole
/// batch are loaded at once, merging is decided in memory, and the incidents, their versions, one
/// IncidentsChanged and one ReportsRecorded are saved together. A report recorded before under its
/// key is a correction when its revision is newer (the incident it fed is recomputed), and nothing
/// otherwise, so the two lanes (<see cref="ReportsAcceptedConsumer"/>, <see cref="LiveReportsAcceptedConsumer"/>) may
/// record a report's revisions in either order. A redelivered batch is a no-op. A report that cannot be recorded is
/// set aside with its reason (<see cref="BatchIsolation{TContext}"/>) and the others are recorded. Bulk batches that
/// queued behind a transaction are recorded as one (<see cref="RecordQueuedAsync"/>).
/// </summary>
public sealed class ReportRecorder(
    RegistryDbContext db,
    BatchIsolation<RegistryDbContext> isolation,
    TimeProvider time,
    ILogger<ReportRecorder> logger)
    : ISetAsideItemHandler<AcceptedReport>
{
    /// <param name="consumer">The consumer's name, under which a report that cannot be recorded is set aside.</param>
    public Task RecordAsync(ConsumeContext context, string consumer, Guid batchId, IReadOnlyList<AcceptedReport> reports) =>
        isolation.HandleAsync(context, consumer, reports, (some, ct) => RecordAsync(batchId, some, ct), r => $"report {r.ReportId}");

    /// <summary>
    /// Records the bulk batch of <paramref name="context"/>, with those that queued behind a transaction in one
    /// (<see cref="GroupCommit{TMessage}"/>), or alone as <see cref="RecordAsync(ConsumeContext, string, Guid, IReadOnlyList{AcceptedReport})"/> does.
    /// </summary>
    public Task RecordQueuedAsync(GroupCommit<ConsumeContext<ReportsAccepted>> groupCommit, ConsumeContext<ReportsAccepted> context, string consumer) =>
        GroupTransaction.HandleAsync(
            groupCommit, context, db, consumer,
            (group, ct) => RecordAsync(group[0].Message.BatchId, [.. group.SelectMany(m => m.Message.Reports)], ct),
            () => RecordAsync(context, consumer, context.Message.BatchId, context.Message.Reports),
            logger);

    /// <summary>A report set aside earlier, recorded again as a batch of its own (set-aside replay).</summary>
    public Task HandleSetAsideAsync(IReadOnlyList<AcceptedReport> items, CancellationToken ct) => RecordAsync(RowIds.Next(), items, ct);

    private async Task RecordAsync(Guid batchId, IReadOnlyList<AcceptedReport> reports, CancellationToken ct)
    {
        // A correction may move an incident to another place: those batches (rare) exclude every other writer.
        await using var transaction = reports.Any(r => r.Revision > 1)
            ? await db.BeginWriteAsync(ct)
            : await db.BeginPlaceWriteAsync(reports.Select(ReportMerger.PlaceOf), ct);
        var recorded = await db.FindRecordedAsync(reports, ct);
        var candidates = await db.LoadMergeCandidatesAsync(reports, ct);
        var correctable = await db.LoadIncidentsAsync(
            [.. reports.Where(r => r.Revision > 1).Select(r => recorded.GetValueOrDefault((r.Source, r.SourceRecordId))).Where(id => id != Guid.Empty)], ct);
        var batch = ReportMerger.MergeBatch(reports, recorded, candidates, correctable, time.GetUtcNow().UtcDateTime);

        await db.WriteMergedAsync(batch, ct);
        if (batch.Changed.Count > 0)
        {
            db.AddOutboxMessage(new IncidentsChanged
            {
                BatchId = batchId,
                Incidents = [.. batch.Changed.Select(i => i.ToSnapshot())],
            });
        }

        db.AddOutboxMessage(new ReportsRecorded { Reports = batch.Recorded });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        logger.LogInformation(
            "Batch {BatchId}: {Reports} reports, {Created} incidents created, {Merged} merges, {Changed} incidents changed in all",
            batchId, reports.Count, batch.Created.Count, batch.AddedSources.Count, batch.Changed.Count);
    }
}
