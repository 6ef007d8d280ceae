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
    private const int Warmup = 10;
    private const string Department = "SV-SS";

    public static async Task<IReadOnlyList<QueryTiming>> MeasureAsync(
        Uri registry, Uri statistics, string? bearerToken, DateOnly firstDay, DateOnly lastDay, int calls, CancellationToken ct)
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
            await TimeAsync($"GetTimeSeries: {Department}, daily, {firstDay:yyyy-MM-dd} – {lastDay:yyyy-MM-dd}", calls, async () =>
            {
                var answer = await series.GetTimeSeriesAsync(timeSeries, cancellationToken: ct);
                return $"{answer.Series.Sum(s => s.Points.Count):N0} points, {answer.Series.Sum(s => s.Points.Sum(p => p.Value)):N0} incidents";
            }),
            await TimeAsync($"ListIncidents: {Department} homicides, first page of 100", calls, async () =>
            {
                var answer = await incidents.ListIncidentsAsync(page, cancellationToken: ct);
                return $"{answer.Incidents.Count} incidents";
            }),
            await TimeAsync("RankPlaces: departments by count, last 365 days vs the 365 before", calls, async () =>
            {
                var answer = await series.RankPlacesAsync(ranking, cancellationToken: ct);
                return $"{answer.Places.Count} departments, {answer.Places.Sum(p => p.Count):N0} incidents";
            }),
        ];
    }

    private static async Task<QueryTiming> TimeAsync(string query, int calls, Func<Task<string>> call)
    {
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
        return new QueryTiming(query, calls, Percentiles.Of(timings, 50), Percentiles.Of(timings, 99), timings[^1], answer);
    }

    private static Google.Type.Date Date(DateOnly day) => new() { Year = day.Year, Month = day.Month, Day = day.Day };
}
