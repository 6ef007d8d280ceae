using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Consumers;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.ServiceDefaults.Delivery;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Waves;

/// <summary>
/// The consumer queues each SeriesChanged and <see cref="SeriesJudge"/> judges what is queued: a backlog in one pass,
/// a dependency away without losing anything, an unreadable message set aside without stopping the others.
/// </summary>
public sealed class SeriesJudgeTests : IAsyncLifetime
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);

    private readonly StatisticsGate _statistics = new();
    private InMemoryServiceHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _statistics.Open();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task SeriesChanged_QueuedWhileAPassWaitsForStatistics_AreJudgedTogetherInTheNextPass()
    {
        // PostgreSQL: the consumer queues while a pass holds its rows (SQLite's one writer would make it wait).
        var host = _host = await AlertingHost.StartOnPostgresAsync(statisticsCalls: _statistics);
        await host.PublishBatchAsync(AlertingHost.RelativesKilled(s_june11.AddDays(-30)));
        var callsPerPass = _statistics.Calls;

        _statistics.Hold();
        var consumed = await AlertingHost.ConsumedAsync(host);
        var (applied, _) = await AlertingHost.StatisticsAppliedAsync(host);
        await host.PublishIncidentsAsync(AlertingHost.RelativesKilled(s_june11.AddDays(-20)));
        await AlertingHost.WaitUntilAsync(() => Task.FromResult(_statistics.Calls > callsPerPass));
        // The June 2017 wave, one killing per message, while the first pass waits.
        foreach (var day in new[] { s_june11, s_june11, s_june11.AddDays(1), s_june11.AddDays(1), s_june11.AddDays(1), s_june11.AddDays(1) })
        {
            await host.PublishIncidentsAsync(AlertingHost.RelativesKilled(day));
        }

        // Statistics applied all seven and alerting queued every change they made while the first pass waits.
        await AlertingHost.WaitUntilAsync(async () => await AlertingHost.StatisticsAppliedAsync(host) == (applied + 7, true));
        _statistics.Open();
        await AlertingHost.WaitUntilJudgedAsync(host, consumed + 1);

        // The held pass and one more: judged a message at a time, the seven would have taken up to seven passes.
        Assert.InRange(_statistics.Calls, callsPerPass + 1, 3 * callsPerPass);
        var alert = Assert.Single(await host.WithDbAsync(db => db.Alerts.Where(a => a.RuleId == DefaultRules.SecurityForceRelativesKilledId).ToListAsync()));
        Assert.Equal(6, alert.ToAlert().Observed);
    }

    [Fact]
    public async Task SeriesChanged_StatisticsUnavailable_StaysQueuedUntilItAnswersThenAlerts()
    {
        var host = _host = await AlertingHost.StartAsync(statisticsCalls: _statistics);
        _statistics.Fail();
        var consumed = await AlertingHost.ConsumedAsync(host);
        await host.PublishIncidentsAsync(AlertingHost.RelativesKilled(s_june11, victims: 3));
        await AlertingHost.WaitUntilAsync(async () => await AlertingHost.ConsumedAsync(host) == consumed + 1 && _statistics.Refused >= 2);

        Assert.Equal(1, await host.WithDbAsync(db => db.PendingSeriesChanges.CountAsync()));
        Assert.Empty(await host.WithDbAsync(db => db.Alerts.ToListAsync()));

        _statistics.Open();
        await AlertingHost.WaitUntilJudgedAsync(host, consumed + 1);
        var alert = Assert.Single(await host.WithDbAsync(db => db.Alerts.ToListAsync()));
        Assert.Equal(DefaultRules.SecurityForceRelativesKilledId, alert.RuleId);
    }

    [Fact]
    public async Task QueuedMessage_BodyUnreadable_IsSetAsideAndTheOthersAreJudged()
    {
        var host = _host = await AlertingHost.StartAsync();
        var unreadable = Guid.NewGuid();
        await host.WithDbAsync(async db =>
        {
            db.PendingSeriesChanges.Add(new PendingSeriesChange { MessageId = unreadable, Body = [0xff, 0xff, 0xff], ReceivedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        await host.PublishBatchAsync(AlertingHost.RelativesKilled(s_june11, victims: 3));

        var setAside = Assert.Single(await host.WithDbAsync(db => db.Set<SetAsideItem>().ToListAsync()));
        Assert.Equal((SeriesChangedConsumer.Name, unreadable), (setAside.Consumer, setAside.MessageId));
        Assert.Contains("InvalidProtocolBufferException", setAside.Reason, StringComparison.Ordinal);
        Assert.False(await host.WithDbAsync(db => db.PendingSeriesChanges.AnyAsync()));
        Assert.Equal(AlertState.Open, Assert.Single(await host.WithDbAsync(db => db.Alerts.ToListAsync())).ToAlert().State);
    }

    /// <summary>Statistics' GetTimeSeries as alerting calls it: counted, and held or refused as Unavailable on demand.</summary>
    private sealed class StatisticsGate : Interceptor
    {
        private const string GetTimeSeries = "/vigia.statistics.v1.StatisticsService/GetTimeSeries";

        private TaskCompletionSource _open = Opened();
        private int _calls;
        private int _refused;
        private volatile bool _failing;

        public int Calls => Volatile.Read(ref _calls);

        public int Refused => Volatile.Read(ref _refused);

        public void Hold() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail() => _failing = true;

        public void Open()
        {
            _failing = false;
            _open.TrySetResult();
        }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (context.Method.FullName != GetTimeSeries)
            {
                return continuation(request, context);
            }

            if (_failing)
            {
                Interlocked.Increment(ref _refused);
                throw new RpcException(new Status(StatusCode.Unavailable, "statistics is away (test)"));
            }

            Interlocked.Increment(ref _calls);
            var open = _open.Task;
            var response = Task.Run(async () =>
            {
                await open;
                return await continuation(request, context).ResponseAsync;
            });
            return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        private static TaskCompletionSource Opened()
        {
            var opened = new TaskCompletionSource();
            opened.SetResult();
            return opened;
        }
    }
}
