using MassTransit;
using Vigia.Contracts.Messages;
using Vigia.Registry.Data;
using Vigia.Registry.Incidents;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Consumers;

/// <summary>
/// Applies sources' deletions: each withdrawn report stops counting in the incident it fed, which is recomputed from
/// its other reports (a CORRECTED version) or retracted when none is left (RETRACTED); the history gives the source's
/// reason ("deleted by source ..."). Versions and one IncidentsChanged commit together; a redelivery is a no-op.
/// </summary>
public sealed class ReportsWithdrawnConsumer(RegistryDbContext db, TimeProvider time, ILogger<ReportsWithdrawnConsumer> logger)
    : IConsumer<ReportsWithdrawn>
{
    public const string Name = "registry.reports-withdrawn";

    public async Task Consume(ConsumeContext<ReportsWithdrawn> context)
    {
        var ct = context.CancellationToken;
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteAsync(ct);
        var withdrawn = context.Message.Reports;
        var recorded = await db.FindRecordedAsync(
            [.. withdrawn.Select(r => (r.Source, r.SourceRecordId))], ct);
        var missing = withdrawn.Where(r => !recorded.ContainsKey((r.Source, r.SourceRecordId))).ToList();
        if (missing.Count > 0)
        {
            // Ingestion withdraws only reports it accepted, so the ReportsAccepted that carries them is still on its way:
            // the retry policy tries again once it has been recorded.
            throw new InvalidOperationException(
                $"{missing.Count} withdrawn report(s) are not recorded yet, e.g. {missing[0].Source}/{missing[0].SourceRecordId}");
        }

        var incidents = (await db.LoadIncidentsAsync([.. recorded.Values], ct)).ToDictionary(i => i.Id);
        var changed = new Dictionary<Guid, Incident>();
        foreach (var report in withdrawn)
        {
            var incident = incidents[recorded[(report.Source, report.SourceRecordId)]];
            if (ReportMerger.Withdraw(incident, report, now) is { } kind)
            {
                db.IncidentVersions.Add(incident.RecordChange(kind, $"ingestion:{report.Source}", report.Reason, now));
                changed[incident.Id] = incident;
            }
        }

        if (changed.Count > 0)
        {
            db.AddOutboxMessage(new IncidentsChanged
            {
                BatchId = context.Message.BatchId,
                Incidents = [.. changed.Values.Select(i => i.ToSnapshot())],
            });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Withdrawal batch {BatchId}: {Reports} reports, {Changed} incidents changed",
            context.Message.BatchId, withdrawn.Count, changed.Count);
    }
}
