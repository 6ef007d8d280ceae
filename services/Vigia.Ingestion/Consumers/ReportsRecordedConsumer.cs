using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Data;

namespace Vigia.Ingestion.Consumers;

/// <summary>Marks reports RECORDED with the incident the registry made of them; the inbox makes a redelivery a no-op.</summary>
public sealed class ReportsRecordedConsumer(IngestionDbContext db, TimeProvider time, ILogger<ReportsRecordedConsumer> logger)
    : IConsumer<ReportsRecorded>
{
    /// <summary>This consumer's name in the inbox.</summary>
    public const string Name = "ingestion.reports-recorded";

    public async Task Consume(ConsumeContext<ReportsRecorded> context)
    {
        var ct = context.CancellationToken;
        // The last word on a report within one message wins (a merge moves it to another incident).
        var incidentByReport = new Dictionary<Guid, Guid>();
        foreach (var recorded in context.Message.Reports)
        {
            incidentByReport[recorded.ReportId] = recorded.IncidentId;
        }

        var reportIds = incidentByReport.Keys.ToList();
        var rows = await db.Reports.Where(r => reportIds.Contains(r.Id)).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var marked = rows.Count(row => row.MarkRecorded(incidentByReport[row.Id], now));
        if (marked < incidentByReport.Count)
        {
            logger.LogWarning("ReportsRecorded {MessageId} named {Missing} report(s) this service does not hold as accepted",
                context.MessageId, incidentByReport.Count - marked);
        }

        await db.SaveChangesAsync(ct);
    }
}
