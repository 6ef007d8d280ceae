using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Consumers;
using Vigia.Ingestion.Reports;
using Vigia.Ingestion.Tests.Support;
using Vigia.Ingestion.V1;
using Vigia.ServiceDefaults.Delivery;
using Vigia.Testing;

namespace Vigia.Ingestion.Tests.Consumers;

/// <summary>
/// The consumer marks a message's reports in one statement of its own SQL on each database: which reports it moves,
/// to which incident, and which it leaves alone.
/// </summary>
public sealed class ReportsRecordedMarkingTests
{
    [Fact]
    public Task Consume_OnSqlite_RecordsAcceptedReportsAndLeavesRejectedAndWithdrawnStates() => RecordsAsync(settings: null);

    [SkippableFact]
    public async Task Consume_OnPostgres_RecordsAcceptedReportsAndLeavesRejectedAndWithdrawnStates()
    {
        TestServers.RequirePostgres();
        await RecordsAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = await TestServers.CreateDatabaseAsync("ingestion") });
    }

    private static async Task RecordsAsync(IDictionary<string, string?>? settings)
    {
        await using var host = await IngestionHost.StartAsync(settings);
        var client = new IngestionService.IngestionServiceClient(host.Channel);
        var batch = new SubmitReportsRequest();
        batch.Reports.AddRange(Enumerable.Range(0, 40).Select(i => SampleReports.Homicide($"mark-{i}")));
        batch.Reports.Add(SampleReports.Invalid("mark-bad"));
        var results = (await BulkSubmission.SubmitAsync(client, [batch]))[0].Results;
        var accepted = results.Take(40).Select(r => Guid.Parse(r.ReportId)).ToList();
        var rejected = Guid.Parse(results[40].ReportId);
        var withdrawn = accepted[3];
        await host.QueryAsync(db => db.Reports.Where(r => r.Id == withdrawn).ExecuteUpdateAsync(u => u.SetProperty(r => r.State, ReportState.Withdrawn)));

        // Reports 0-19 go to one incident, 20-39 each to its own; report 5 is named twice and the second word wins.
        var incidents = accepted.Select((_, i) => i < 20 ? Guid.Parse("0195a0a0-0000-7000-8000-000000000001") : NewId.NextGuid()).ToList();
        var movedTo = NewId.NextGuid();
        var recorded = accepted.Select((id, i) => new RecordedReport { ReportId = id, IncidentId = incidents[i] })
            .Append(new RecordedReport { ReportId = rejected, IncidentId = NewId.NextGuid() })
            .Append(new RecordedReport { ReportId = NewId.NextGuid(), IncidentId = NewId.NextGuid() })
            .Append(new RecordedReport { ReportId = accepted[5], IncidentId = movedTo })
            .ToList();
        var messageId = NewId.NextGuid();
        await host.GetRequiredService<IBus>().Publish(new ReportsRecorded { Reports = recorded }, c => c.MessageId = messageId);
        await Poll.UntilAsync(
            () => host.QueryAsync(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId && m.Consumer == ReportsRecordedConsumer.Name)),
            count => count == 1);

        var rows = await host.QueryAsync(db => db.Reports.AsNoTracking().ToDictionaryAsync(r => r.Id));
        for (var i = 0; i < accepted.Count; i++)
        {
            var row = rows[accepted[i]];
            Assert.Equal(i == 3 ? ReportState.Withdrawn : ReportState.Recorded, row.State);
            Assert.Equal(i == 5 ? movedTo : incidents[i], row.IncidentId);
            Assert.NotNull(row.RecordedAt);
        }

        Assert.Equal(ReportState.Rejected, rows[rejected].State);
        Assert.Null(rows[rejected].IncidentId);
        Assert.Null(rows[rejected].RecordedAt);
        Assert.Equal(41, rows.Count);
    }
}
