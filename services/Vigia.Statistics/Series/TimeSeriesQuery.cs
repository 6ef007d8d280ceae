using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics.Populations;

namespace Vigia.Statistics.Series;

/// <summary>What GetTimeSeries asks for, validated; <paramref name="AsOf"/> null is "as known now".</summary>
public sealed record TimeSeriesRequest(
    Selection Selection, Measure Measure, Granularity Granularity, DatePeriod Period, GroupBy GroupBy, bool Per100K,
    DateTime? AsOf = null);

/// <summary>One series: its key, what it covers, and a point per bucket of the period, zeros included.</summary>
public sealed record SeriesResult(string Key, Selection Selection, IReadOnlyList<SeriesPoint> Points);

public readonly record struct SeriesPoint(DateOnly Date, double Value);

/// <summary>
/// Counts per day and group from the database, then bucketed and zero-filled in memory. One series
/// per group with data in the period, plus the groups the selector names (zeros); "all" always.
/// With per_100k each point is the crude rate for its own bucket: its count per 100,000 inhabitants
/// of the group's place in the bucket's year (not annualised).
/// </summary>
public sealed class TimeSeriesQuery(CountAggregation counts, PopulationTable populations)
{
    /// <summary>Series × points in one answer; more needs a coarser granularity or a shorter period.</summary>
    public const int MaxPoints = 1_000_000;

    public async Task<IReadOnlyList<SeriesResult>> RunAsync(TimeSeriesRequest request, CancellationToken ct)
    {
        var bucketCount = TimeBuckets.Count(request.Period, request.Granularity);
        var populationOf = request.Per100K ? PopulationLookup(request) : null;

        var daily = await counts.ByDayAsync(request.Selection, request.Measure, request.Period, request.GroupBy, request.AsOf, ct);

        var keys = new SortedSet<string>(NamedKeys(request.Selection, request.GroupBy), StringComparer.Ordinal);
        keys.UnionWith(daily.Select(c => c.Key));
        if ((long)keys.Count * bucketCount > MaxPoints)
        {
            throw InvalidInputException.For("granularity",
                $"{keys.Count} series of {bucketCount} points exceed {MaxPoints:N0} points; use a coarser granularity, a shorter period or a narrower selector");
        }

        var starts = TimeBuckets.Starts(request.Period, request.Granularity);
        var index = new Dictionary<DateOnly, int>(starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            index[starts[i]] = i;
        }

        var values = keys.ToDictionary(k => k, _ => new double[starts.Count], StringComparer.Ordinal);
        foreach (var count in daily)
        {
            values[count.Key][index[TimeBuckets.StartOf(count.Date, request.Granularity)]] += count.Value;
        }

        var series = new List<SeriesResult>(keys.Count);
        foreach (var key in keys)
        {
            var points = new SeriesPoint[starts.Count];
            var complete = true;
            for (var i = 0; i < starts.Count && complete; i++)
            {
                var value = values[key][i];
                if (populationOf is not null)
                {
                    // A bucket that starts before the period belongs to the year of its first counted day.
                    var year = (starts[i] < request.Period.Start ? request.Period.Start : starts[i]).Year;
                    if (populationOf(key, year) is { } population)
                    {
                        value = value / population * 100_000;
                    }
                    else
                    {
                        complete = false;
                    }
                }

                points[i] = new SeriesPoint(starts[i], value);
            }

            // A group whose own place has no population (a department the table lacks, "unknown")
            // has no rate: its series is left out rather than shown as zeros.
            if (complete)
            {
                series.Add(new SeriesResult(key, SeriesKeys.Group(request.Selection, request.GroupBy, key).Selection, points));
            }
        }

        return series;
    }

    /// <summary>
    /// The population each series divides by. Place groupings use the group's own place; other
    /// groupings the selection's places, which must have figures for every year of the period.
    /// </summary>
    private Func<string, int, long?> PopulationLookup(TimeSeriesRequest request)
    {
        switch (request.GroupBy)
        {
            case GroupBy.Country:
            case GroupBy.Admin1:
                return populations.Of;
            case GroupBy.Admin2:
                throw InvalidInputException.For("per_100k",
                    "no population figures exist for municipalities, so per_100k cannot be grouped by ADMIN2");
        }

        var places = populations.PlacesOf(request.Selection);
        if (places is null || populations.ExposureOf(places, request.Period) is null)
        {
            throw InvalidInputException.For(places is null ? "selector.admin2" : "per_100k",
                populations.DescribeMissing(places, request.Period));
        }

        return (_, year) => populations.Of(places, year);
    }

    private static IEnumerable<string> NamedKeys(Selection selection, GroupBy groupBy) => groupBy switch
    {
        GroupBy.Country => selection.Countries,
        GroupBy.Admin1 => selection.Admin1,
        GroupBy.Admin2 => selection.Admin2,
        GroupBy.IncidentType => selection.IncidentTypes.Select(SeriesKeys.Of),
        GroupBy.VictimCategory => selection.VictimCategories.Select(SeriesKeys.Of),
        GroupBy.Perpetrator => selection.Perpetrators,
        _ => [SeriesKeys.All],
    };
}
