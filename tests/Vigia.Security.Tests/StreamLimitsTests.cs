using System.Diagnostics;
using Grpc.Core;
using Vigia.Alerting.V1;
using Vigia.Ingestion.V1;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Auth;
using Vigia.ServiceDefaults.Limits;
using Vigia.Testing;

namespace Vigia.Security.Tests;

/// <summary>Streams the server ends itself: a caller's stream idle too long, one open too long; a busy or subscribed one lives on.</summary>
public class StreamLimitsTests
{
    /// <summary>Far beyond either limit under test: a stream still open by then was never ended by the server.</summary>
    private static readonly TimeSpan s_noLimit = TimeSpan.FromSeconds(60);

    private static Task<InMemoryServiceHost> StartAsync(TimeSpan lifetime, TimeSpan idle) =>
        AllServicesHost.StartAsync(new Dictionary<string, string?>
        {
            [StreamLimits.LifetimeKey] = lifetime.ToString(),
            [StreamLimits.IdleTimeoutKey] = idle.ToString(),
        });

    [Fact]
    public async Task SubmitReports_NothingSentForTheIdleTimeout_EndsDeadlineExceededNamingTheSetting()
    {
        await using var host = await StartAsync(TimeSpan.FromHours(1), TimeSpan.FromSeconds(1));
        using var channel = host.CreateChannel(TestTokens.Issue([Scopes.Ingest], "idle-desk"));
        var clock = Stopwatch.StartNew();
        using var call = new IngestionService.IngestionServiceClient(channel).SubmitReports(deadline: DateTime.UtcNow + s_noLimit);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains(StreamLimits.IdleTimeoutKey, error.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task SubmitReports_BatchesKeepComing_OutlivesTheIdleTimeoutAndEndsWhenTheCallerCompletes()
    {
        await using var host = await StartAsync(TimeSpan.FromHours(1), TimeSpan.FromSeconds(1));
        using var channel = host.CreateChannel(TestTokens.Issue([Scopes.Ingest], "busy-desk"));
        using var call = new IngestionService.IngestionServiceClient(channel).SubmitReports(deadline: DateTime.UtcNow + s_noLimit);

        var answered = 0;
        var clock = Stopwatch.StartNew();
        // A batch every quarter of the idle timeout: half of it left a busy CI machine too little slack once (an answer
        // and a pause past the second ended the stream in the middle of the run).
        const int batches = 14;
        for (var batch = 0; batch < batches; batch++)
        {
            // An empty report is rejected on its own, which is an answer: enough to keep the stream busy.
            await call.RequestStream.WriteAsync(new SubmitReportsRequest { Reports = { new Report() } });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            answered += call.ResponseStream.Current.Results.Count;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal(batches, answered);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(3), $"open {clock.Elapsed}, three times the idle timeout");
    }

    [Fact]
    public async Task SubscribeAlerts_NothingToSendForTheIdleTimeout_StaysOpenUntilItsLifetime()
    {
        await using var host = await StartAsync(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1));
        using var channel = host.CreateChannel(TestTokens.Issue([Scopes.Subscribe], "quiet-watcher"));
        var clock = Stopwatch.StartNew();
        using var call = new AlertingService.AlertingServiceClient(channel).SubscribeAlerts(
            new SubscribeAlertsRequest(), deadline: DateTime.UtcNow + s_noLimit);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        // A quiet subscription waits for news: four idle timeouts pass and only the lifetime ends it.
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains(StreamLimits.LifetimeKey, error.Status.Detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4), $"ended after {clock.Elapsed}, before its lifetime");
    }

    [Fact]
    public async Task WatchIncidents_OpenLongerThanTheLifetime_EndsDeadlineExceededNamingTheSetting()
    {
        await using var host = await StartAsync(TimeSpan.FromSeconds(2), TimeSpan.FromHours(1));
        using var channel = host.CreateChannel(TestTokens.Issue([Scopes.Read], "long-reader"));
        var clock = Stopwatch.StartNew();
        using var call = new RegistryService.RegistryServiceClient(channel).WatchIncidents(
            new WatchIncidentsRequest(), deadline: DateTime.UtcNow + s_noLimit);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains(StreamLimits.LifetimeKey, error.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
    }
}
