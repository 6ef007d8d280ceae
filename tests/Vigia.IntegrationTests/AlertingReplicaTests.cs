using Vigia.Alerting.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>
/// Alerting at two replicas (and one of each other service) as separate processes on RabbitMQ and PostgreSQL: waves in
/// all fourteen departments at once, their reports split across batches, judged by whichever replica takes each batch;
/// then a rolling restart of alerting while more waves arrive. A live subscriber on each replica and a plain consumer
/// of vigia.alerts must each see one OPENED per wave, every event of every replica, none twice.
/// </summary>
public sealed class AlertingReplicaTests(SeparatePlatformFixture fixture) : IClassFixture<SeparatePlatformFixture>
{
    private readonly ReplicaWaves _waves = new("relatives-by-department-replicas", "replicas");

    [SkippableFact]
    public async Task TwoAlertingReplicas_WavesInEveryDepartmentThenARollingRestart_OneOpenedPerWaveEverywhereNoGapNoDuplicate()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var platform = await fixture.StartAsync();
        var (_, secondAddress) = await platform.StartReplicaAsync("alerting");
        using var clients = new PlatformClients(platform);
        await clients.Alerting.CreateRuleAsync(new CreateRuleRequest { Rule = _waves.Rule });
        await using var exchange = await AlertExchangeSubscriber.StartAsync(fixture.RabbitMqUri, "#");
        using var firstChannel = platform.CreateChannel(platform.Alerting);
        using var secondChannel = platform.CreateChannel(secondAddress);
        await using var onFirst = await ResumingAlertSubscriber.StartAsync(firstChannel, _waves.Subscription);
        await using var onSecond = await ResumingAlertSubscriber.StartAsync(secondChannel, _waves.Subscription);
        var source = SampleReports.NewSource("replicas");
        var firstWave = new DateOnly(2016, 3, 7);

        await ReplicaWaves.SubmitAsync([clients.Ingestion], source, firstWave, pause: TimeSpan.Zero);
        await _waves.AssertOneOpenedPerWaveAsync(platform, clients, exchange, [onFirst, onSecond], waves: 1);

        // A rolling restart of alerting (each replica killed and started again in turn) while the next wave arrives.
        var secondWave = firstWave.AddDays(14);
        var submitting = ReplicaWaves.SubmitAsync([clients.Ingestion], source, secondWave, pause: TimeSpan.FromSeconds(2));
        await platform.StopAsync("alerting");
        await platform.StartAsync("alerting");
        await platform.StopAsync("alerting-2");
        await platform.StartAsync("alerting-2");
        await submitting;

        await _waves.AssertOneOpenedPerWaveAsync(platform, clients, exchange, [onFirst, onSecond], waves: 2);
        Assert.True(onFirst.Reconnections > 0 && onSecond.Reconnections > 0, "each subscriber's replica restarted, so each must have resumed");
    }
}
