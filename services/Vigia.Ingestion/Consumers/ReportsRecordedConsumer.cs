using System.Data.Common;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Data;
using Vigia.Ingestion.Reports;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Ingestion.Consumers;

/// <summary>
/// Marks reports RECORDED with the incident the registry made of them, in one statement per message (the message's
/// pairs as one table-valued parameter, <see cref="ModelSql.Rows"/>): loaded and saved through the change tracker,
/// a 500-report message cost a select and 500 updates, each parsed, planned and run on its own. A rejected report is
/// never recorded; a withdrawn one keeps its state (a split may still move it to another incident). The inbox mark
/// commits in the same transaction, so a redelivery is a no-op.
/// </summary>
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

        await using var transaction = await db.Database.BeginWholeTransactionAsync(ct);
        var marked = incidentByReport.Count == 0 ? 0 : await MarkRecordedAsync(incidentByReport, time.GetUtcNow().UtcDateTime, ct);
        if (marked < incidentByReport.Count)
        {
            logger.LogWarning("ReportsRecorded {MessageId} named {Missing} report(s) this service does not hold as accepted",
                context.MessageId, incidentByReport.Count - marked);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private Task<int> MarkRecordedAsync(Dictionary<Guid, Guid> incidentByReport, DateTime now, CancellationToken ct)
    {
        var sql = new ModelSql(db);
        var table = sql.Table<IngestedReport>();
        string Column(string property) => sql.Column<IngestedReport>(property);
        var (id, incident, recordedAt, state) = (Column(nameof(IngestedReport.Id)), Column(nameof(IngestedReport.IncidentId)),
            Column(nameof(IngestedReport.RecordedAt)), Column(nameof(IngestedReport.State)));

        var parameters = new List<DbParameter>
        {
            sql.Parameter("now", now),
            sql.Parameter("recorded", ReportState.Recorded.ToString()),
            sql.Parameter("withdrawn", ReportState.Withdrawn.ToString()),
            sql.Parameter("rejected", ReportState.Rejected.ToString()),
        };
        var marked = sql.Rows("marked", parameters, ("report", incidentByReport.Keys.ToArray()), ("incident", incidentByReport.Values.ToArray()));

#pragma warning disable EF1002 // every identifier comes from the model through ModelSql; the values are parameters
        return db.Database.ExecuteSqlRawAsync($"""
            UPDATE {table} SET
                {incident} = marked.incident,
                {recordedAt} = @now,
                {state} = CASE WHEN {table}.{state} = @withdrawn THEN @withdrawn ELSE @recorded END
            FROM {marked}
            WHERE {table}.{id} = marked.report AND {table}.{state} <> @rejected
            """, parameters, ct);
#pragma warning restore EF1002
    }
}
