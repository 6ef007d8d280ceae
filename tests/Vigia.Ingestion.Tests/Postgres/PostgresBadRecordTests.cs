using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.Ingestion.Tests.Support;
using Vigia.Ingestion.V1;
using Vigia.Testing;

namespace Vigia.Ingestion.Tests.Postgres;

/// <summary>A bad record stays a bad record on real PostgreSQL, which refuses values SQLite takes.</summary>
public class PostgresBadRecordTests
{
    [SkippableFact]
    public async Task SubmitReports_NulInOneDescription_RejectsThatRecordAloneAndAcceptsTheOthers()
    {
        await using var host = await StartOnPostgresAsync();
        var client = new IngestionService.IngestionServiceClient(host.Channel);
        var batch = new SubmitReportsRequest();
        batch.Reports.AddRange(Enumerable.Range(0, 50).Select(i => SampleReports.Homicide($"nul-{i}")));
        batch.Reports[17].Description = "Familiar de agente\0 asesinado.";
        var next = new SubmitReportsRequest { Reports = { SampleReports.Homicide("nul-after") } };

        var responses = await BulkSubmission.SubmitAsync(client, [batch, next]);

        var results = responses[0].Results;
        Assert.Equal(49, results.Count(r => r.Status == ReportStatus.Accepted));
        var rejected = Assert.Single(results, r => r.Status == ReportStatus.Rejected);
        Assert.Equal(17, rejected.Index);
        Assert.Equal("report.description", Assert.Single(rejected.FieldViolations).Field);
        Assert.Equal(ReportStatus.Accepted, Assert.Single(responses[1].Results).Status);
        var kept = await client.GetReportAsync(new GetReportRequest { ReportId = rejected.ReportId });
        Assert.Equal(ReportStatus.Rejected, kept.Report.Status);
        Assert.Equal(51, await host.QueryAsync(db => db.Reports.CountAsync()));
    }

    [SkippableFact]
    public async Task SubmitReports_ControlCharactersAndOverlongPlaces_RejectedWithTheirFieldsAndStored()
    {
        await using var host = await StartOnPostgresAsync();
        var client = new IngestionService.IngestionServiceClient(host.Channel);
        var batch = new SubmitReportsRequest();
        batch.Reports.AddRange(Enumerable.Range(0, 4).Select(i => SampleReports.Homicide($"place-{i}")));
        batch.Reports[0].Place = new Place { CountryCode = "SV", Admin1 = "San\0Salvador" };
        batch.Reports[1].Place = new Place { CountryCode = "GT", Admin1 = "Guatemala", Admin2 = new string('x', 5000) };
        batch.Reports[2].Language = "es\0";
        batch.Reports[3].Perpetrator = new string('m', 150) + " " + new string('s', 150);

        var results = (await BulkSubmission.SubmitAsync(client, [batch]))[0].Results;

        Assert.All(results, r => Assert.Equal(ReportStatus.Rejected, r.Status));
        Assert.Equal(
            ["report.place.admin1", "report.place.admin2", "report.language", "report.perpetrator"],
            results.Select(r => Assert.Single(r.FieldViolations).Field));
        Assert.DoesNotContain(results.SelectMany(r => r.FieldViolations), v => v.Description.Contains('\0'));
        Assert.Equal(4, await host.QueryAsync(db => db.Reports.CountAsync()));
    }

    [SkippableFact]
    public async Task SubmitReports_DatabaseRefusesOneRecord_RejectsItAloneNamingTheReason()
    {
        await using var host = await StartOnPostgresAsync();
        // A rule only the database knows, standing for any refusal the checks did not foresee.
        await host.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            "ALTER TABLE ingestion.reports ADD CONSTRAINT no_refuse_me CHECK (\"Description\" IS NULL OR \"Description\" NOT LIKE '%refuse-me%')"));
        var client = new IngestionService.IngestionServiceClient(host.Channel);
        var batch = new SubmitReportsRequest();
        batch.Reports.AddRange(Enumerable.Range(0, 20).Select(i => SampleReports.Homicide($"db-{i}")));
        batch.Reports[13].Description = "refuse-me";

        var results = (await BulkSubmission.SubmitAsync(client, [batch]))[0].Results;

        Assert.Equal(19, results.Count(r => r.Status == ReportStatus.Accepted));
        var rejected = Assert.Single(results, r => r.Status == ReportStatus.Rejected);
        Assert.Equal(13, rejected.Index);
        var violation = Assert.Single(rejected.FieldViolations);
        Assert.Equal("report", violation.Field);
        Assert.Contains("no_refuse_me", violation.Description);
        Assert.Equal(20, await host.QueryAsync(db => db.Reports.CountAsync()));
        var announced = await Poll.UntilAsync(
            () => Task.FromResult(host.GetRequiredService<PublishedReports>().Messages.SelectMany(m => m.Reports).ToList()), r => r.Count >= 19);
        Assert.Equal(19, announced.Select(r => r.SourceRecordId).Distinct().Count());
        Assert.DoesNotContain("db-13", announced.Select(r => r.SourceRecordId));
    }

    [SkippableFact]
    public async Task SubmitReports_DatabaseRefusesOneRecordOfBatchesStoredAsOne_RejectsItAloneInItsOwnBatchesAnswer()
    {
        // Pacing holds the stream's first batch a second behind the backlog, so the second gathers behind it and the two
        // are stored as one; the refusal halves them until the refused record is alone (StreamGroupingTests shows the grouping).
        await using var host = await StartOnPostgresAsync(IngestionHost.Pacing(10, TimeSpan.FromSeconds(1)));
        await host.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            "ALTER TABLE ingestion.reports ADD CONSTRAINT no_refuse_me CHECK (\"Description\" IS NULL OR \"Description\" NOT LIKE '%refuse-me%')"));
        var client = new IngestionService.IngestionServiceClient(host.Channel);
        await BulkSubmission.SubmitAsync(client, [Batch("backlog")]);
        var first = Batch("first");
        var second = Batch("second");
        second.Reports[13].Description = "refuse-me";

        using var call = client.SubmitReports();
        await call.RequestStream.WriteAsync(first);
        await call.RequestStream.WriteAsync(second);
        await call.RequestStream.CompleteAsync();
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(2, answers.Count);
        Assert.All(answers[0].Results, r => Assert.Equal(ReportStatus.Accepted, r.Status));
        var rejected = Assert.Single(answers[1].Results, r => r.Status == ReportStatus.Rejected);
        Assert.Equal((13, "second-13"), (rejected.Index, rejected.SourceRecordId));
        Assert.Contains("no_refuse_me", Assert.Single(rejected.FieldViolations).Description);
        var announced = await Poll.UntilAsync(
            () => Task.FromResult(host.GetRequiredService<PublishedReports>().Messages.SelectMany(m => m.Reports).ToList()), r => r.Count >= 59);
        Assert.Equal(59, announced.Select(r => r.SourceRecordId).Distinct().Count());
        Assert.DoesNotContain("second-13", announced.Select(r => r.SourceRecordId));

        static SubmitReportsRequest Batch(string prefix)
        {
            var batch = new SubmitReportsRequest();
            batch.Reports.AddRange(Enumerable.Range(0, 20).Select(i => SampleReports.Homicide($"{prefix}-{i}")));
            return batch;
        }
    }

    private static async Task<InMemoryServiceHost> StartOnPostgresAsync(Dictionary<string, string?>? settings = null)
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("ingestion");
        return await IngestionHost.StartAsync(new Dictionary<string, string?>(settings ?? []) { ["ConnectionStrings:postgres"] = connectionString });
    }
}
