using MassTransit;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Reports;
using Vigia.Ingestion.Tests.Support;
using Vigia.Ingestion.V1;
using Vigia.Testing;

namespace Vigia.Ingestion.Tests.Grpc;

/// <summary>
/// Bulk pacing (<see cref="BulkPacing"/>): with more accepted reports than the bound still unrecorded by the registry,
/// a bulk batch waits for the registry's <c>ReportsRecorded</c> before it is stored, a live batch does not wait, and
/// no batch waits longer than the bound on waiting. Ingestion runs alone here, so nothing records a report unless the
/// test says so.
/// </summary>
public sealed class BulkPacingTests
{
    private const int Bulk = LiveReportsAccepted.MaxReports + 4;

    [Fact]
    public async Task BulkBatch_RegistryBehindByMoreThanTheBound_IsStoredOnceTheRegistryRecordsTheBacklog()
    {
        await using var host = await StartAsync(maxWait: TimeSpan.FromMinutes(5));
        var client = new IngestionService.IngestionServiceClient(host.Channel);
        var backlog = await SubmitAsync(client, "backlog");

        var paced = SubmitAsync(client, "paced");
        // Waiting for the registry: after a second (the bound on waiting is minutes) it has not been stored.
        Assert.NotSame(paced, await Task.WhenAny(paced, Task.Delay(TimeSpan.FromSeconds(1))));
        Assert.Equal(0, await host.QueryAsync(db => Task.FromResult(db.Reports.Count(r => r.SourceRecordId.StartsWith("paced-")))));

        await host.GetRequiredService<IBus>().Publish(new ReportsRecorded
        {
            Reports = [.. backlog.Select(id => new RecordedReport { ReportId = id, IncidentId = NewId.NextGuid() })],
        });

        Assert.Same(paced, await Task.WhenAny(paced, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.Equal(Bulk, (await paced).Count);
    }

    [Fact]
    public async Task LiveBatch_RegistryBehindByMoreThanTheBound_IsStoredWithoutWaiting()
    {
        await using var host = await StartAsync(maxWait: TimeSpan.FromMinutes(5));
        var client = new IngestionService.IngestionServiceClient(host.Channel);
        await SubmitAsync(client, "backlog");

        var live = SubmitAsync(client, "live", LiveReportsAccepted.MaxReports);
        var single = client.SubmitReportAsync(new SubmitReportRequest { Report = SampleReports.Homicide("typed-in") }).ResponseAsync;

        Assert.Same(live, await Task.WhenAny(live, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.Same(single, await Task.WhenAny(single, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.Equal(ReportStatus.Accepted, (await single).Status);
    }

    [Fact]
    public async Task BulkBatch_RegistryNeverRecords_IsStoredAfterTheLongestWait()
    {
        await using var host = await StartAsync(maxWait: TimeSpan.FromMilliseconds(300));
        var client = new IngestionService.IngestionServiceClient(host.Channel);
        await SubmitAsync(client, "backlog");

        var stored = await SubmitAsync(client, "after-wait");

        Assert.Equal(Bulk, stored.Count);
        Assert.Equal(Bulk, await host.QueryAsync(db => Task.FromResult(db.Reports.Count(r => r.SourceRecordId.StartsWith("after-wait-") && r.State == ReportState.Accepted))));
    }

    /// <summary>Ingestion with a bound of ten unrecorded reports, below one bulk batch.</summary>
    private static Task<InMemoryServiceHost> StartAsync(TimeSpan maxWait) => IngestionHost.StartAsync(IngestionHost.Pacing(10, maxWait));

    /// <summary>Submits <paramref name="count"/> homicides as one SubmitReports batch; returns the ids of those accepted.</summary>
    private static async Task<IReadOnlyList<Guid>> SubmitAsync(IngestionService.IngestionServiceClient client, string prefix, int count = Bulk)
    {
        var batch = new SubmitReportsRequest();
        batch.Reports.AddRange(Enumerable.Range(0, count).Select(i => SampleReports.Homicide($"{prefix}-{i}")));
        var results = (await BulkSubmission.SubmitAsync(client, [batch]))[0].Results;
        return [.. results.Where(r => r.Status == ReportStatus.Accepted).Select(r => Guid.Parse(r.ReportId))];
    }
}
