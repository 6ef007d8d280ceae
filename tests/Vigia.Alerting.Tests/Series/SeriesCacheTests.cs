using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigia.Alerting.Data;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Series;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.Waves;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Series;

/// <summary>
/// A pass reads from statistics only the days its changes touch of a series this process judged last, and judges
/// exactly as a read of the whole history would; a series judged elsewhere since is read whole.
/// </summary>
public sealed class SeriesCacheTests
{
    private static readonly DateOnly s_first = new(2016, 1, 4);
    private const int Days = 374;
    private static readonly DateOnly s_last = s_first.AddDays(Days - 1);

    [Fact]
    public async Task Pass_SeriesJudgedHereLast_ReadsFromTheFirstDayItsChangesTouch()
    {
        var reads = new SeriesReadLog();
        await using var host = await AlertingHost.StartAsync(statisticsCalls: reads);
        var year = AlertingHost.YearOfHomicides(s_first, Days);
        await host.PublishBatchAsync(year);
        Assert.All(reads.TakeAll(), r => Assert.True(r.Start <= s_first, $"the first pass read from {r.Start}, after the history's first day"));

        // An amendment moves day 300's incident back to day 200.
        var moved = year[300] with { Version = 2, OccurredOn = s_first.AddDays(200) };
        await host.PublishBatchAsync(moved);

        var second = reads.TakeAll();
        Assert.Equal(2, second.Count);
        Assert.All(second, r => Assert.Equal(s_first.AddDays(200), r.Start));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pass_SeriesJudgedElsewhereSince_ReadsItsWholeHistory(bool onPostgres)
    {
        var reads = new SeriesReadLog();
        await using var host = onPostgres
            ? await AlertingHost.StartOnPostgresAsync(statisticsCalls: reads)
            : await AlertingHost.StartAsync(statisticsCalls: reads);
        await host.PublishBatchAsync(AlertingHost.YearOfHomicides(s_first, Days));
        reads.TakeAll();

        // What another replica's pass over the series (or this one's, rolled back) leaves: a token this process did not write.
        await host.WithDbAsync(db => db.SeriesReads.ExecuteUpdateAsync(s => s.SetProperty(r => r.Token, Guid.NewGuid())));
        await host.PublishBatchAsync(AlertingHost.Homicides(s_last, victims: 25));

        var second = reads.TakeAll();
        Assert.Equal(2, second.Count);
        Assert.All(second, r => Assert.True(r.Start <= s_first, $"read from {r.Start}: the series was taken from a cache another pass had made stale"));
    }

    [Fact]
    public async Task Pass_OnTheCountsItJudgedLast_JudgesAsAReadOfTheWholeHistory()
    {
        var year = AlertingHost.YearOfHomicides(s_first, Days);
        var spike = AlertingHost.Homicides(s_last, victims: 25);
        var cachedReads = new SeriesReadLog();
        await using var cached = await AlertingHost.StartAsync(statisticsCalls: cachedReads);
        await using var whole = await AlertingHost.StartAsync();
        foreach (var host in new[] { cached, whole })
        {
            await host.PublishBatchAsync(year);
        }

        cachedReads.TakeAll();
        await whole.WithDbAsync(db => db.SeriesReads.ExecuteUpdateAsync(s => s.SetProperty(r => r.Token, Guid.NewGuid())));
        await cached.PublishBatchAsync(spike);
        await whole.PublishBatchAsync(spike);

        // The spike's day is the last day judged before, so the cached host read that day alone.
        Assert.All(cachedReads.TakeAll(), r => Assert.Equal(s_last, r.Start));
        var events = await Task.WhenAll(new[] { cached, whole }.Select(h => h.WithDbAsync(async db =>
            (await db.AlertEvents.OrderBy(e => e.Sequence).ToListAsync()).Select(e => e.ToEvent()).Select(e =>
                $"{e.RuleId} {e.Kind} {e.Series} {e.Window} observed {e.Observed} expected {e.Expected:F6} bound {e.UpperBound:F6}").ToList())));
        Assert.Contains(events[0], e => e.StartsWith($"{DefaultRules.NationalHomicidesId} ", StringComparison.Ordinal));
        Assert.Equal(events[1], events[0]);
    }

    [Fact]
    public void Get_TokenOrRuleChangedSincePut_HoldsNothing()
    {
        var cache = new SeriesCache(TimeProvider.System);
        var token = Guid.NewGuid();
        var version = new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc);
        var counts = new DailySeries(s_first, [1, 2, 3]);
        cache.Put("rule", "SV", version, token, counts);

        Assert.Same(counts, cache.Get("rule", "SV", version, token));
        Assert.Null(cache.Get("rule", "SV", version, Guid.NewGuid()));
        Assert.Null(cache.Get("rule", "SV", version, token: null));
        Assert.Null(cache.Get("rule", "SV", version.AddSeconds(1), token));
        Assert.Null(cache.Get("rule", "SV-SS", version, token));
    }

    [Fact]
    public void Get_EntryMaxAgeOld_HoldsNothing()
    {
        var time = new FakeTimeProvider();
        var cache = new SeriesCache(time);
        var token = Guid.NewGuid();
        cache.Put("rule", "SV", DateTime.UnixEpoch, token, new DailySeries(s_first, [1]));

        time.Advance(SeriesCache.MaxAge - TimeSpan.FromSeconds(1));
        Assert.NotNull(cache.Get("rule", "SV", DateTime.UnixEpoch, token));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.Get("rule", "SV", DateTime.UnixEpoch, token));
    }

    [Fact]
    public void Put_PastMaxDays_StartsOver()
    {
        var cache = new SeriesCache(TimeProvider.System);
        var version = DateTime.UnixEpoch;
        var token = Guid.NewGuid();
        var half = new DailySeries(s_first, new double[SeriesCache.MaxDays / 2]);
        cache.Put("rule", "a", version, token, half);
        cache.Put("rule", "b", version, token, half);
        // Putting "a" again replaces its days instead of adding to them.
        cache.Put("rule", "a", version, token, half);
        Assert.NotNull(cache.Get("rule", "b", version, token));

        cache.Put("rule", "c", version, token, new DailySeries(s_first, [1]));

        Assert.Null(cache.Get("rule", "a", version, token));
        Assert.Null(cache.Get("rule", "b", version, token));
        Assert.NotNull(cache.Get("rule", "c", version, token));
    }

    /// <summary>The periods of the GetTimeSeries calls alerting makes, in the order they go out.</summary>
    private sealed class SeriesReadLog : Interceptor
    {
        private readonly ConcurrentQueue<(DateOnly Start, DateOnly End)> _reads = new();

        public List<(DateOnly Start, DateOnly End)> TakeAll()
        {
            var taken = new List<(DateOnly, DateOnly)>();
            while (_reads.TryDequeue(out var read))
            {
                taken.Add(read);
            }

            return taken;
        }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (request is GetTimeSeriesRequest series)
            {
                _reads.Enqueue((ProtoDates.ToDateOnly(series.Period.StartDate), ProtoDates.ToDateOnly(series.Period.EndDate)));
            }

            return continuation(request, context);
        }
    }
}
