using Grpc.Health.V1;
using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Vigia.IntegrationTests;

/// <summary>
/// RabbitMQ goes away while the platform works. Ingestion keeps accepting (its outbox holds what the
/// broker cannot take), every service reconnects, and what was accepted is recorded and counted.
/// </summary>
public sealed class BrokerOutageTests(SeparatePlatformFixture fixture) : IClassFixture<SeparatePlatformFixture>
{
    private const int ReportCount = 300;
    private const int BatchSize = 10;
    private static readonly TimeSpan s_batchInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_recoveryTimeout = TimeSpan.FromMinutes(3);
    private static readonly string[] s_services = ["ingestion", "registry", "statistics", "alerting"];

    [SkippableFact]
    public async Task RabbitMqDownFor10Seconds_LosesNothing()
    {
        TestServers.RequireRabbitMqAndPostgres();
        RabbitMqControl.RequireControl();
        var platform = await fixture.StartAsync();
        using var clients = new PlatformClients(platform);
        var source = SampleReports.NewSource("stream");
        var firstDay = new DateOnly(2018, 1, 1);
        // One report a day from one source: nothing for the registry to merge, so N reports are N incidents.
        var reports = Enumerable.Range(0, ReportCount)
            .Select(i => SampleReports.Homicide(
                source, $"rec-{i:0000}", firstDay.AddDays(i), SampleReports.Departments[i % SampleReports.Departments.Length]))
            .ToList();
        var period = Dates.Period(firstDay, firstDay.AddDays(ReportCount - 1));

        var submitted = 0;
        var submitting = Task.Run(async () =>
        {
            using var bulk = clients.Ingestion.SubmitReports();
            var results = new List<ReportResult>();
            foreach (var batch in reports.Chunk(BatchSize))
            {
                await bulk.RequestStream.WriteAsync(new SubmitReportsRequest { Reports = { batch } });
                Assert.True(await bulk.ResponseStream.MoveNext(CancellationToken.None), "SubmitReports ended early");
                results.AddRange(bulk.ResponseStream.Current.Results);
                Interlocked.Add(ref submitted, batch.Length);
                await Task.Delay(s_batchInterval);
            }

            await bulk.RequestStream.CompleteAsync();
            return results;
        });

        List<ReportResult> results;
        try
        {
            // Let the first batches flow normally, then take the broker away mid-stream.
            await Eventually.ReachedAsync(
                "the first batches to be submitted",
                () => Task.FromResult(Volatile.Read(ref submitted)),
                count => count >= 3 * BatchSize || submitting.IsCompleted,
                TimeSpan.FromSeconds(30),
                count => $"{count} submitted",
                () => platform.DescribeOutput("ingestion"));
            await RabbitMqControl.StopBrokerAsync();
            await Task.Delay(s_outage);
        }
        finally
        {
            await RabbitMqControl.StartBrokerAsync();
        }

        results = await submitting;
        var notAccepted = results.Where(r => r.Status != ReportStatus.Accepted).ToList();
        Assert.True(notAccepted.Count == 0,
            $"ingestion did not accept {notAccepted.Count} report(s) during the outage: {string.Join("; ", notAccepted.Take(5))}");
        Assert.Equal(ReportCount, results.Count);

        var (incidents, _) = await Eventually.ReachedAsync(
            $"all {ReportCount} reports to be recorded after the outage",
            () => clients.ListAllIncidentsAsync(period, source, pageSize: 100),
            listed => listed.Incidents.Count >= ReportCount,
            s_recoveryTimeout,
            listed => $"{listed.Incidents.Count} of {ReportCount} recorded",
            () => platform.DescribeOutput("ingestion", "registry"));
        Assert.Equal(ReportCount, incidents.Count);
        Assert.Equal(ReportCount, incidents.SelectMany(i => i.Sources).Select(s => s.SourceRecordId).Distinct().Count());

        var daily = await Eventually.ReachedAsync(
            $"all {ReportCount} incidents to be counted after the outage",
            () => clients.DailyIncidentCountsAsync(period),
            counts => counts.Values.Sum() >= ReportCount,
            s_recoveryTimeout,
            counts => $"{counts.Values.Sum()} of {ReportCount} counted",
            () => platform.DescribeOutput("registry", "statistics"));
        Assert.Equal(ReportCount, daily.Values.Sum());
    }

    [SkippableFact]
    public async Task Health_WhileRabbitMqIsStopped_ReportsNotServingThenServingAgain()
    {
        TestServers.RequireRabbitMqAndPostgres();
        RabbitMqControl.RequireControl();
        var platform = await fixture.StartAsync();
        using var clients = new PlatformClients(platform);

        try
        {
            await RabbitMqControl.StopBrokerAsync();
            foreach (var service in s_services)
            {
                await Eventually.ReachedAsync(
                    $"{service} to report NOT_SERVING while RabbitMQ is stopped",
                    () => CheckAsync(clients.Health(service)),
                    status => status == ServingStatus.NotServing,
                    TimeSpan.FromSeconds(30),
                    status => status.ToString(),
                    () => platform.DescribeOutput(service));
            }
        }
        finally
        {
            await RabbitMqControl.StartBrokerAsync();
        }

        foreach (var service in s_services)
        {
            await Eventually.ReachedAsync(
                $"{service} to report SERVING again once RabbitMQ is back",
                () => CheckAsync(clients.Health(service)),
                status => status == ServingStatus.Serving,
                TimeSpan.FromSeconds(90),
                status => status.ToString(),
                () => platform.DescribeOutput(service));
        }
    }

    private static async Task<ServingStatus> CheckAsync(Health.HealthClient health)
    {
        var response = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
        return response.Status;
    }
}
