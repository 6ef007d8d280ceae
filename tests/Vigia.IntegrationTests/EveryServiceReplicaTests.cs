using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>
/// Two replicas of every service as separate processes on RabbitMQ and PostgreSQL: waves in all fourteen departments,
/// their reports in mixed batches through both ingestion replicas, consumed by whichever registry, statistics and
/// alerting replica takes each message; then a rolling restart of every process, one at a time, while the next wave
/// arrives. A live subscriber on each alerting replica and a plain consumer of vigia.alerts see one OPENED per wave,
/// no gap and no event twice; every accepted report is recorded once and counted.
/// </summary>
public sealed class EveryServiceReplicaTests(SeparatePlatformFixture fixture) : IClassFixture<SeparatePlatformFixture>
{
    private static readonly string[] s_services = ["ingestion", "registry", "statistics", "alerting"];
    private static readonly TimeSpan s_settleTimeout = TimeSpan.FromMinutes(4);
    private readonly ReplicaWaves _waves = new("relatives-by-department-every-replica", "every-replica");

    [SkippableFact]
    public async Task TwoReplicasOfEveryService_WavesAndARollingRestartOfEach_OneOpenedPerWaveNoGapNoDuplicateEveryReportCounted()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var platform = await fixture.StartAsync();
        var replicas = new Dictionary<string, Uri>();
        foreach (var service in s_services)
        {
            replicas[service] = (await platform.StartReplicaAsync(service)).Address;
        }

        using var clients = new PlatformClients(platform);
        using var ingestionChannel = platform.CreateChannel(replicas["ingestion"]);
        var secondIngestion = new IngestionService.IngestionServiceClient(ingestionChannel);
        await clients.Alerting.CreateRuleAsync(new CreateRuleRequest { Rule = _waves.Rule });
        await using var exchange = await AlertExchangeSubscriber.StartAsync(fixture.RabbitMqUri, "#");
        using var firstChannel = platform.CreateChannel(platform.Alerting);
        using var secondChannel = platform.CreateChannel(replicas["alerting"]);
        await using var onFirst = await ResumingAlertSubscriber.StartAsync(firstChannel, _waves.Subscription);
        await using var onSecond = await ResumingAlertSubscriber.StartAsync(secondChannel, _waves.Subscription);
        var source = SampleReports.NewSource("every-replica");
        var firstWave = new DateOnly(2016, 5, 2);

        await ReplicaWaves.SubmitAsync([clients.Ingestion, secondIngestion], source, firstWave, pause: TimeSpan.Zero);
        await _waves.AssertOneOpenedPerWaveAsync(platform, clients, exchange, [onFirst, onSecond], waves: 1);

        // Every process killed and started again in turn while the next wave arrives through the ingestion replica
        // that stays up; that one's turn comes once its wave is in.
        var secondWave = firstWave.AddDays(14);
        var submitting = ReplicaWaves.SubmitAsync([secondIngestion], source, secondWave, pause: TimeSpan.FromSeconds(3));
        foreach (var process in new[] { "ingestion", "registry", "registry-2", "statistics", "statistics-2", "alerting", "alerting-2" })
        {
            await platform.StopAsync(process);
            await platform.StartAsync(process);
        }

        await submitting;
        await platform.StopAsync("ingestion-2");
        await platform.StartAsync("ingestion-2");

        await _waves.AssertOneOpenedPerWaveAsync(platform, clients, exchange, [onFirst, onSecond], waves: 2);
        Assert.True(onFirst.Reconnections > 0 && onSecond.Reconnections > 0, "each subscriber's replica restarted, so each must have resumed");
        await AssertRecordedOnceAndCountedAsync(platform, clients, source, Dates.Period(firstWave, secondWave.AddDays(1)), waves: 2);
    }

    /// <summary>Every report of the waves in exactly one incident, and statistics counting every victim the registry holds.</summary>
    private static async Task AssertRecordedOnceAndCountedAsync(PlatformProcesses platform, PlatformClients clients, string source, Period period, int waves)
    {
        var reports = waves * SampleReports.Departments.Length * ReplicaWaves.ReportsPerDepartment;
        var victims = waves * SampleReports.Departments.Length * ReplicaWaves.VictimsPerDepartment;
        var (incidents, _) = await clients.ListAllIncidentsAsync(period, source, pageSize: 500);
        var recorded = incidents.SelectMany(i => i.Sources).Select(s => s.SourceRecordId).ToList();
        Assert.Equal(reports, recorded.Count);
        Assert.Equal(reports, recorded.Distinct().Count());
        Assert.Equal(victims, incidents.SelectMany(i => i.Victims).Sum(v => v.Count));

        var counted = await Eventually.ReachedAsync(
            $"statistics to count all {victims} victims",
            async () => (await clients.Statistics.GetTimeSeriesAsync(new GetTimeSeriesRequest
            {
                Selector = new Selector { IncidentTypes = { IncidentType.Homicide }, VictimCategories = { VictimCategory.SecurityForceRelative } },
                Measure = Measure.Victims,
                Granularity = Granularity.Year,
                Period = period,
                GroupBy = GroupBy.None,
            })).Series.SelectMany(s => s.Points).Sum(p => p.Value),
            total => total >= victims,
            s_settleTimeout,
            total => $"{total} of {victims} counted",
            () => platform.DescribeOutput("statistics", "statistics-2"));
        Assert.Equal(victims, counted);
    }
}
