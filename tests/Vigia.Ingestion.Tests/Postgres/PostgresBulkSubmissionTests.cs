using Microsoft.EntityFrameworkCore;
using Vigia.Ingestion.Tests.Support;
using Vigia.Ingestion.V1;
using Vigia.Testing;

namespace Vigia.Ingestion.Tests.Postgres;

/// <summary>The bulk path's SQL (key look-up, batched insert, unique index, outbox) on real PostgreSQL.</summary>
public class PostgresBulkSubmissionTests
{
    [SkippableFact]
    public async Task SubmitReports_OnPostgres_StoresEachBatchWithOneOutboxMessage()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("ingestion");
        // Vigia:Embedded stays on, so the in-memory bus carries what the outbox relays.
        await using var host = await IngestionHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });
        var client = new IngestionService.IngestionServiceClient(host.Channel);
        Assert.True(await host.QueryAsync(db => Task.FromResult(db.Database.IsNpgsql())));

        var first = new SubmitReportsRequest();
        first.Reports.AddRange(Enumerable.Range(0, 500).Select(i => SampleReports.Homicide($"pg-{i}")));
        first.Reports.Add(SampleReports.Invalid("pg-bad"));
        first.Reports.Add(SampleReports.Homicide("pg-7"));
        var second = new SubmitReportsRequest();
        second.Reports.AddRange(Enumerable.Range(400, 200).Select(i => SampleReports.Homicide($"pg-{i}")));
        second.Reports.Add(SampleReports.Homicide("pg-bad"));

        var responses = await BulkSubmission.SubmitAsync(client, [first, second]);

        var firstResults = responses[0].Results;
        Assert.Equal(500, firstResults.Take(500).Count(r => r.Status == ReportStatus.Accepted));
        Assert.Equal(ReportStatus.Rejected, firstResults[500].Status);
        Assert.Equal(ReportStatus.Duplicate, firstResults[501].Status);
        Assert.Equal(firstResults[7].ReportId, firstResults[501].ReportId);
        var secondResults = responses[1].Results;
        Assert.Equal(100, secondResults.Take(100).Count(r => r.Status == ReportStatus.Duplicate));
        Assert.Equal(100, secondResults.Skip(100).Take(100).Count(r => r.Status == ReportStatus.Accepted));
        Assert.Equal((ReportStatus.Accepted, firstResults[500].ReportId), (secondResults[200].Status, secondResults[200].ReportId));

        Assert.Equal(601, await host.QueryAsync(db => db.Reports.CountAsync()));
        Assert.Equal(2, await host.CountOutboxMessagesAsync());
        var messages = await Poll.UntilAsync(
            () => Task.FromResult(host.GetRequiredService<PublishedReports>().Messages), m => m.Count >= 2);
        Assert.Equal([500, 101], messages.Select(m => m.Reports.Count).Order().Reverse());

        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.SubmitReportAsync(new SubmitReportRequest { Report = SampleReports.Homicide("pg-race") }).ResponseAsync));
        Assert.Single(racing, r => r.Status == ReportStatus.Accepted);
        Assert.Single(racing.Select(r => r.ReportId).Distinct());
    }
}
