using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.Statistics.Series;

namespace Vigia.Statistics.Interventions;

/// <summary>
/// Builds the panel from the projection through the same per-day aggregation GetTimeSeries uses.
/// Only whole periods inside the requested period are kept (a part-period would look like a drop),
/// and the period the start falls in mid-way is left out (it is neither before nor after).
/// </summary>
public sealed class CountPanelQuery(CountAggregation counts)
{
    public async Task<CountPanel> RunAsync(InterventionRequest request, CancellationToken ct)
    {
        var daily = await counts.ByDayAsync(
            request.Selection, request.Measure, request.Period, request.Municipalities ? GroupBy.Admin2 : GroupBy.Admin1, request.AsOf, ct);

        var treated = request.TreatedPlaces.ToHashSet(StringComparer.Ordinal);
        var controls = request.ControlPlaces.Count > 0
            ? request.ControlPlaces
            : [.. daily.Select(c => c.Key).Where(k => k != SeriesKeys.Unknown && !treated.Contains(k)).Distinct().Order(StringComparer.Ordinal)];
        var places = request.TreatedPlaces.Concat(controls).ToList();

        var starts = TimeBuckets.Starts(request.Period, request.Granularity);
        var firstPost = TimeBuckets.StartOf(request.Start, request.Granularity) == request.Start
            ? request.Start
            : TimeBuckets.Next(TimeBuckets.StartOf(request.Start, request.Granularity), request.Granularity);
        var firstPostIndex = starts.Count(s => s < firstPost);
        var kept = Enumerable.Range(0, starts.Count)
            .Where(i => starts[i] >= request.Period.Start && TimeBuckets.Next(starts[i], request.Granularity).AddDays(-1) <= request.Period.End)
            .Where(i => !(starts[i] < request.Start && TimeBuckets.Next(starts[i], request.Granularity) > request.Start))
            .ToList();

        var column = kept.Select((bucket, k) => (bucket, k)).ToDictionary(x => starts[x.bucket], x => x.k);
        var row = places.Select((place, g) => (place, g)).ToDictionary(x => x.place, x => x.g, StringComparer.Ordinal);
        var values = new double[places.Count, kept.Count];
        foreach (var count in daily)
        {
            if (row.TryGetValue(count.Key, out var g) && column.TryGetValue(TimeBuckets.StartOf(count.Date, request.Granularity), out var t))
            {
                values[g, t] += count.Value;
            }
        }

        return new CountPanel(
            places, [.. places.Select(treated.Contains)], [.. kept.Select(i => starts[i])], [.. kept.Select(i => i - firstPostIndex)],
            values, request.Granularity);
    }
}
