using System.Data.Common;
using System.Text.Json;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Data;
using Vigia.Ingestion.Reports;

namespace Vigia.Ingestion.Consumers;

/// <summary>
/// Marks reports RECORDED with the incident the registry made of them, in one statement per message (PostgreSQL arrays
/// through <c>unnest</c>, a JSON array through SQLite's <c>json_each</c>): loaded and saved through the change tracker,
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

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
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
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(IngestedReport))!;
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        string Column(string name) => sql.DelimitIdentifier(name);
        var (id, incident, recordedAt, state) = (Column(nameof(IngestedReport.Id)), Column(nameof(IngestedReport.IncidentId)),
            Column(nameof(IngestedReport.RecordedAt)), Column(nameof(IngestedReport.State)));
        var postgres = db.Database.IsNpgsql();

        string rows;
        List<DbParameter> parameters;
        if (postgres)
        {
            rows = "SELECT * FROM unnest(@reports, @incidents) AS r(report, incident)";
            parameters =
            [
                new NpgsqlParameter("reports", incidentByReport.Keys.ToArray()),
                new NpgsqlParameter("incidents", incidentByReport.Values.ToArray()),
                new NpgsqlParameter("now", now),
            ];
        }
        else
        {
            // SQLite keeps a Guid as its upper-case text (EF Core's mapping), so the JSON carries them that way.
            rows = "SELECT value ->> 0 AS report, value ->> 1 AS incident FROM json_each(@pairs)";
            parameters =
            [
                new SqliteParameter("pairs", JsonSerializer.Serialize(incidentByReport.Select(p => new[]
                {
                    p.Key.ToString().ToUpperInvariant(), p.Value.ToString().ToUpperInvariant(),
                }))),
                new SqliteParameter("now", now),
            ];
        }

        foreach (var (name, value) in new[] { ("recorded", ReportState.Recorded), ("withdrawn", ReportState.Withdrawn), ("rejected", ReportState.Rejected) })
        {
            parameters.Add(postgres ? new NpgsqlParameter(name, value.ToString()) : new SqliteParameter(name, value.ToString()));
        }

#pragma warning disable EF1002 // every identifier comes from the model through the SQL generation helper; the values are parameters
        return db.Database.ExecuteSqlRawAsync($"""
            UPDATE {table} SET
                {incident} = marked.incident,
                {recordedAt} = @now,
                {state} = CASE WHEN {table}.{state} = @withdrawn THEN @withdrawn ELSE @recorded END
            FROM ({rows}) AS marked
            WHERE {table}.{id} = marked.report AND {table}.{state} <> @rejected
            """, parameters, ct);
#pragma warning restore EF1002
    }
}
