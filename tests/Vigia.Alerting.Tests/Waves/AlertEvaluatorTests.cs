using Grpc.Core;
using Grpc.Core.Interceptors;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Waves;

/// <summary>How alerting reads the series it judges: one statistics call per rule per batch, however many series.</summary>
public sealed class AlertEvaluatorTests : IAsyncLifetime
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);
    private static readonly string[] s_departments = ["SV-SM", "SV-SS", "SV-SA", "SV-LI", "SV-US", "SV-AH"];

    private readonly CallCounter _statisticsCalls = new();
    private InMemoryServiceHost _host = null!;
    private AlertingService.AlertingServiceClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await AlertingHost.StartAsync(statisticsCalls: _statisticsCalls);
        _client = new AlertingService.AlertingServiceClient(_host.Channel);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ApplyAsync_BatchTouchingSixDepartments_CallsStatisticsOncePerRuleAndJudgesEachSeries()
    {
        await _client.CreateRuleAsync(new CreateRuleRequest
        {
            Rule = new Rule
            {
                RuleId = "relatives-by-department",
                DisplayName = "2 or more relatives of security forces killed in a day, per department",
                Selector = new Selector { IncidentTypes = { IncidentType.Homicide }, VictimCategories = { VictimCategory.SecurityForceRelative } },
                Measure = Measure.Victims,
                GroupBy = GroupBy.Admin1,
                Detector = new Detector { Threshold = new Threshold { Count = 2, WindowDays = 1 } },
                Enabled = true,
                Severity = Severity.Medium,
            },
        });
        var incidents = s_departments.Select((department, i) => AlertingHost.RelativesKilled(s_june11, victims: i switch { 0 => 2, 1 => 3, _ => 1 }) with
        {
            Admin1 = department,
        }).ToArray();

        await _host.PublishBatchAsync(incidents);

        // Four rules match homicides of relatives (the default relatives and homicide rules, nationwide and per
        // department, and the new per-department one): fourteen series, four calls.
        Assert.Equal(4, _statisticsCalls.Count(StatisticsMethods.GetTimeSeries));
        var opened = (await _client.ListAlertsAsync(new ListAlertsRequest())).Alerts;
        Assert.Equal(["SV-SM", "SV-SS"], opened.Where(a => a.RuleId == "relatives-by-department").Select(a => a.Series.Admin1.Single()).Order());
        Assert.Single(opened, a => a.RuleId == DefaultRules.SecurityForceRelativesKilledId);
    }

    [Fact]
    public async Task ApplyAsync_AmendmentJudgedBeforeTheVersionItReplaced_KeepsTheIncidentInTheAmendedSeriesOnly()
    {
        var created = AlertingHost.RelativesKilled(s_june11) with { Admin1 = "SV-SM" };
        var amended = created with { Version = 2, Admin1 = "SV-SS" };

        // The amendment, a small message, is judged ahead of the bulk one that carried the first version.
        await PublishJudgedAsync(new SeriesChange { Previous = created, Current = amended });
        await PublishJudgedAsync(new SeriesChange { Current = created });

        var rows = await _host.WithDbAsync(db => db.SeriesIncidents.Where(s => s.IncidentId == created.IncidentId).ToListAsync());
        Assert.Contains(rows, r => r.SeriesKey.Contains("SV-SS", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.SeriesKey.Contains("SV-SM", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Equal(2, r.Version));
    }

    [Fact]
    public async Task ApplyAsync_IncidentTouchingThreeRules_ReadsTheirSeriesAtOnce()
    {
        // A killing of relatives of security forces is a homicide: the relatives rule and both homicide rules judge it.
        // Each read is held until the third has started, or for 5 s: read one after another, each is held the 5 s.
        var reads = new HeldSeriesReads(expected: 3, TimeSpan.FromSeconds(5));
        await using var host = await AlertingHost.StartAsync(statisticsCalls: reads);

        await host.PublishBatchAsync(AlertingHost.RelativesKilled(s_june11));

        Assert.Equal(3, reads.Started);
        Assert.False(reads.AnyHeldInVain, "a series read was answered before the other rules' reads had started: the rules read one after another");
    }

    [Fact]
    public async Task ApplyAsync_StatisticsRefusesOneRulesRead_ThatRuleFailsAloneAndTheOthersJudge()
    {
        var refusals = new RefusedSeriesReads(VictimCategory.SecurityForceRelative);
        await using var host = await AlertingHost.StartAsync(statisticsCalls: refusals);
        var client = new AlertingService.AlertingServiceClient(host.Channel);
        await client.CreateRuleAsync(new CreateRuleRequest
        {
            Rule = new Rule
            {
                RuleId = "two-homicide-victims-a-day",
                DisplayName = "2 or more homicide victims in a day",
                Selector = new Selector { IncidentTypes = { IncidentType.Homicide } },
                Measure = Measure.Victims,
                Detector = new Detector { Threshold = new Threshold { Count = 2, WindowDays = 1 } },
                Enabled = true,
                Severity = Severity.Medium,
            },
        });

        await host.PublishBatchAsync(AlertingHost.RelativesKilled(s_june11, victims: 2));

        Assert.True(refusals.Refused > 0, "no read was refused");
        var refused = (await client.GetRuleAsync(new GetRuleRequest { RuleId = DefaultRules.SecurityForceRelativesKilledId })).Rule;
        Assert.Contains(nameof(StatusCode.InvalidArgument), refused.FailingReason, StringComparison.Ordinal);
        var alerts = (await client.ListAlertsAsync(new ListAlertsRequest())).Alerts;
        Assert.Single(alerts, a => a.RuleId == "two-homicide-victims-a-day");
        Assert.DoesNotContain(alerts, a => a.RuleId == DefaultRules.SecurityForceRelativesKilledId);
        var other = (await client.GetRuleAsync(new GetRuleRequest { RuleId = "two-homicide-victims-a-day" })).Rule;
        Assert.Empty(other.FailingReason);
    }

    [Fact]
    public async Task ApplyAsync_OneBatchAddsMovesAndRetractsIncidentsOfAnOpenWave_TheAlertNamesTheIncidentsTheBatchLeftInItsWindow()
    {
        var incidents = Enumerable.Range(0, 4).Select(_ => AlertingHost.RelativesKilled(s_june11)).ToArray();
        await _host.PublishBatchAsync(incidents);
        var open = Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest { State = AlertState.Open })).Alerts,
            a => a.RuleId == DefaultRules.SecurityForceRelativesKilledId);
        Assert.Equal(incidents.Select(i => i.IncidentId.ToString()).Order(), open.IncidentIds.Order());

        // One batch: a new incident in the window, one moved two months back and one retracted.
        var added = AlertingHost.RelativesKilled(s_june11);
        var moved = incidents[0] with { Version = 2, OccurredOn = s_june11.AddDays(-60) };
        var retracted = incidents[1] with { Version = 2, Retracted = true };
        await _host.PublishBatchAsync(added, moved, retracted);

        var alert = (await _client.GetAlertAsync(new GetAlertRequest { AlertId = open.AlertId })).Alert;
        Assert.Equal(new[] { incidents[2], incidents[3], added }.Select(i => i.IncidentId.ToString()).Order(), alert.IncidentIds.Order());
    }

    [Fact]
    public async Task ApplyAsync_OneBatchOpensAndResolvesTwoWavesOfASeries_EachAlertNamesTheIncidentsOfItsOwnWindow()
    {
        // One step of the series replays June to September: a wave opens and resolves in June, another opens in
        // September, and a lone incident between them belongs to neither window.
        var june = Enumerable.Range(0, 3).Select(_ => AlertingHost.RelativesKilled(s_june11)).ToArray();
        var lone = AlertingHost.RelativesKilled(s_june11.AddDays(50));
        var september = Enumerable.Range(0, 3).Select(_ => AlertingHost.RelativesKilled(s_june11.AddDays(90))).ToArray();
        await _host.PublishBatchAsync([.. june, lone, .. september]);

        var alerts = (await _client.ListAlertsAsync(new ListAlertsRequest())).Alerts.Where(a => a.RuleId == DefaultRules.SecurityForceRelativesKilledId)
            .OrderBy(a => a.Window.StartDate.Month).ToList();
        Assert.Equal([AlertState.Resolved, AlertState.Open], alerts.Select(a => a.State));
        Assert.Equal(june.Select(i => i.IncidentId.ToString()).Order(), alerts[0].IncidentIds.Order());
        Assert.Equal(september.Select(i => i.IncidentId.ToString()).Order(), alerts[1].IncidentIds.Order());
    }

    private async Task PublishJudgedAsync(SeriesChange change)
    {
        var consumed = await AlertingHost.ConsumedAsync(_host);
        await _host.GetRequiredService<IBus>().Publish(new SeriesChanged { BatchId = Guid.NewGuid(), Changes = [change] });
        await AlertingHost.WaitUntilJudgedAsync(_host, consumed + 1);
    }

    private static class StatisticsMethods
    {
        public const string GetTimeSeries = "/vigia.statistics.v1.StatisticsService/GetTimeSeries";
    }

    /// <summary>
    /// Holds the answer to each GetTimeSeries until <c>expected</c> of them have started (or <c>longest</c> has passed),
    /// and notes an answer released by the time limit.
    /// </summary>
    private sealed class HeldSeriesReads(int expected, TimeSpan longest) : Interceptor
    {
        private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _started;
        private int _heldInVain;

        public int Started => Volatile.Read(ref _started);

        public bool AnyHeldInVain => Volatile.Read(ref _heldInVain) > 0;

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            var call = continuation(request, context);
            if (context.Method.FullName != StatisticsMethods.GetTimeSeries)
            {
                return call;
            }

            if (Interlocked.Increment(ref _started) == expected)
            {
                _allStarted.TrySetResult();
            }

            return new AsyncUnaryCall<TResponse>(HoldAsync(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        private async Task<TResponse> HoldAsync<TResponse>(Task<TResponse> response)
        {
            if (await Task.WhenAny(_allStarted.Task, Task.Delay(longest)) != _allStarted.Task)
            {
                Interlocked.Increment(ref _heldInVain);
            }

            return await response;
        }
    }

    /// <summary>Statistics refusing the series reads of rules that select a victim category (as it would a selector it cannot answer).</summary>
    private sealed class RefusedSeriesReads(VictimCategory category) : Interceptor
    {
        private int _refused;

        public int Refused => Volatile.Read(ref _refused);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (request is Vigia.Statistics.V1.GetTimeSeriesRequest series && series.Selector.VictimCategories.Contains(category))
            {
                Interlocked.Increment(ref _refused);
                var refusal = new RpcException(new Status(StatusCode.InvalidArgument, "selector.victim_categories: refused by the test"));
                return new AsyncUnaryCall<TResponse>(
                    Task.FromException<TResponse>(refusal), Task.FromResult(new Metadata()), () => refusal.Status, () => [], () => { });
            }

            return continuation(request, context);
        }
    }

    /// <summary>Counts the client calls that go out, by full method name.</summary>
    private sealed class CallCounter : Interceptor
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _calls = new();

        public int Count(string method) => _calls.GetValueOrDefault(method);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            _calls.AddOrUpdate(context.Method.FullName, 1, (_, n) => n + 1);
            return continuation(request, context);
        }
    }
}
