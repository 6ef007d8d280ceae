using System.Diagnostics;
using Vigia.Common.V1;
using Vigia.LoadTool.Reporting;
using Vigia.LoadTool.Streaming;
using Vigia.LoadTool.Workload;
using Vigia.Registry.V1;
using Vigia.Statistics.V1;

namespace Vigia.LoadTool.Queries;

/// <summary>One query's latencies over its calls (nearest-rank percentiles), and what it answered.</summary>
public sealed record QueryTiming(string Query, int Calls, TimeSpan P50, TimeSpan P99, TimeSpan Max, string Answer);

/// <summary>
/// The analyst's queries against the filled store, one call at a time after a short warm-up: GetTimeSeries (the
/// busiest department, daily over the whole period), one filtered ListIncidents page (that department's homicides,
/// 100 incidents) and RankPlaces (departments by count over the last year against the year before).
/// </summary>
public static class QueryLatency
{
    // The runtime recompiles a hot method in the background after its first 30 calls and a 100 ms pause (the runtime's
    // own precompiled code; before the services switched off quick JIT, all of theirs too): with 10 warm-up calls the
    // first tens of timed calls measured the JIT, not the query.
    public const int Warmup = 100;

    // A call that never answers fails the run loudly instead of hanging it.
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);
    private const string Department = "SV-SS";

    public static async Task<IReadOnlyList<QueryTiming>> MeasureAsync(
        Uri registry, Uri statistics, string? bearerToken, DateOnly firstDay, DateOnly lastDay, int calls, Action<string> log, CancellationToken ct)
    {
        using var statisticsChannel = GrpcChannels.For(statistics, bearerToken);
        using var registryChannel = GrpcChannels.For(registry, bearerToken);
        var series = new StatisticsService.StatisticsServiceClient(statisticsChannel);
        var incidents = new RegistryService.RegistryServiceClient(registryChannel);
        var period = new Period { StartDate = Date(firstDay), EndDate = Date(lastDay) };
        var lastYear = new Period { StartDate = Date(lastDay.AddDays(-364)), EndDate = Date(lastDay) };

        var timeSeries = new GetTimeSeriesRequest
        {
            Selector = new Selector { Admin1 = { Department } },
            Measure = Measure.Incidents,
            Granularity = Granularity.Day,
            Period = period,
        };
        var page = new ListIncidentsRequest
        {
            Period = period,
            Selector = new Selector { Admin1 = { Department }, IncidentTypes = { IncidentType.Homicide } },
            PageSize = 100,
        };
        var ranking = new RankPlacesRequest { Measure = Measure.Incidents, Period = lastYear, Level = PlaceLevel.Admin1, OrderBy = RankOrder.Count };

        return
        [
            await TimeAsync(log, $"GetTimeSeries: {Department}, daily, {firstDay:yyyy-MM-dd} – {lastDay:yyyy-MM-dd}", calls, async () =>
            {
                var answer = await series.GetTimeSeriesAsync(timeSeries, deadline: Deadline(), cancellationToken: ct);
                return $"{answer.Series.Sum(s => s.Points.Count):N0} points, {answer.Series.Sum(s => s.Points.Sum(p => p.Value)):N0} incidents";
            }),
            await TimeAsync(log, $"ListIncidents: {Department} homicides, first page of 100", calls, async () =>
            {
                var answer = await incidents.ListIncidentsAsync(page, deadline: Deadline(), cancellationToken: ct);
                return $"{answer.Incidents.Count} incidents";
            }),
            await TimeAsync(log, "RankPlaces: departments by count, last 365 days vs the 365 before", calls, async () =>
            {
                var answer = await series.RankPlacesAsync(ranking, deadline: Deadline(), cancellationToken: ct);
                return $"{answer.Places.Count} departments, {answer.Places.Sum(p => p.Count):N0} incidents";
            }),
        ];
    }

    private static async Task<QueryTiming> TimeAsync(Action<string> log, string query, int calls, Func<Task<string>> call)
    {
        log($"  {query}");
        var answer = "";
        for (var i = 0; i < Warmup; i++)
        {
            answer = await call();
        }

        var timings = new List<TimeSpan>(calls);
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            answer = await call();
            timings.Add(Stopwatch.GetElapsedTime(started));
        }

        timings.Sort();
        log($"    p50 {Percentiles.Of(timings, 50).TotalMilliseconds:N1} ms, p99 {Percentiles.Of(timings, 99).TotalMilliseconds:N1} ms");
        return new QueryTiming(query, calls, Percentiles.Of(timings, 50), Percentiles.Of(timings, 99), timings[^1], answer);
    }

    private static DateTime Deadline() => DateTime.UtcNow + s_deadline;

    private static Google.Type.Date Date(DateOnly day) => new() { Year = day.Year, Month = day.Month, Day = day.Day };
}
