using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Tests.Delivery;

/// <summary>
/// A consumer whose dependency is down keeps the message and tries again with growing delays, reporting not-ready
/// meanwhile; only a failure of the message's own (or a wait longer than the operator allows) ends in _error.
/// </summary>
public class DependencyWaitTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    // Short delays, so a test waits seconds, not the production half-minute.
    private static readonly Dictionary<string, string?> s_quickRetries = new() { ["Vigia:Delivery:LongestRetryDelay"] = "00:00:01" };

    [Fact]
    public async Task Consume_DependencyDownThenBack_WaitsNotReadyThenHandlesOnce()
    {
        var behaviour = new ProbeBehaviour { Failure = attempt => attempt <= 3 ? new TimeoutException("the database did not answer") : null };
        behaviour.Gate.SetResult();
        await using var host = await RegistryTestHost.StartAsync(s_quickRetries, ProbeBehaviour.AddTo(behaviour));

        await host.GetRequiredService<IBus>().Publish(new DeliveryProbe { Id = 1 });
        var whileWaiting = await ReadinessWhenAsync(host, behaviour, b => b.Attempts >= 2);
        await Until(() => !behaviour.Handled.IsEmpty);
        var afterwards = await ReadinessAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, whileWaiting);
        Assert.Equal(HealthStatus.Healthy, afterwards);
        Assert.Equal([1], behaviour.Handled);
        Assert.Equal(4, behaviour.Attempts);
        Assert.Empty(behaviour.Faults);
    }

    [Fact]
    public async Task Consume_OwnFailure_GoesToErrorAfterItsQuickRetries()
    {
        var behaviour = new ProbeBehaviour { Failure = _ => new InvalidOperationException("a bug this message triggers") };
        behaviour.Gate.SetResult();
        await using var host = await RegistryTestHost.StartAsync(s_quickRetries, ProbeBehaviour.AddTo(behaviour));

        await host.GetRequiredService<IBus>().Publish(new DeliveryProbe { Id = 2 });
        await Until(() => !behaviour.Faults.IsEmpty);

        // The first try and the definition's two quick retries, none of the dependency policy's.
        Assert.Equal(3, behaviour.Attempts);
        Assert.Equal([typeof(InvalidOperationException).FullName!], behaviour.Faults);
        Assert.Equal(HealthStatus.Healthy, await ReadinessAsync(host));
    }

    [Fact]
    public async Task Consume_DependencyDownLongerThanAllowed_GoesToError()
    {
        var behaviour = new ProbeBehaviour { Failure = _ => new TimeoutException("the database did not answer") };
        behaviour.Gate.SetResult();
        await using var host = await RegistryTestHost.StartAsync(
            new Dictionary<string, string?>(s_quickRetries) { ["Vigia:Delivery:WaitForDependenciesFor"] = "00:00:03" }, ProbeBehaviour.AddTo(behaviour));

        await host.GetRequiredService<IBus>().Publish(new DeliveryProbe { Id = 3 });
        await Until(() => !behaviour.Faults.IsEmpty);

        Assert.Equal([typeof(DependencyWaitExpiredException).FullName!], behaviour.Faults);
        Assert.InRange(behaviour.Attempts, 3, 10);
        Assert.Equal(HealthStatus.Healthy, await ReadinessAsync(host));
        Assert.Empty(behaviour.Handled);
    }

    private static async Task<HealthStatus> ReadinessAsync(RegistryTestHost host)
    {
        var report = await host.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains(HealthTags.Ready) && c.Name == "consumer-dependencies");
        return report.Status;
    }

    private static async Task<HealthStatus> ReadinessWhenAsync(RegistryTestHost host, ProbeBehaviour behaviour, Func<ProbeBehaviour, bool> condition)
    {
        await Until(() => condition(behaviour));
        return await ReadinessAsync(host);
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
