using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics.V1;

namespace Vigia.Alerting.Series;

/// <summary>
/// Reads daily series through the statistics service's GetTimeSeries, as values alone (<c>values_only</c>): a pass reads
/// years of days per series, and a dated point per day was the largest thing alerting allocated in a back-fill. A
/// statistics replica older than that field answers points, which are read as before (a rolling upgrade).
/// </summary>
public sealed class StatisticsSeriesSource(StatisticsService.StatisticsServiceClient statistics) : ISeriesSource
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyDictionary<string, SourcedSeries>> GetSeriesAsync(
        Selection selection, Measure measure, GroupBy groupBy, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var response = await statistics.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = selection.ToSelector(),
            Measure = ISeriesSource.Counted(measure),
            Granularity = Granularity.Day,
            Period = ProtoDates.ToPeriod(first, last),
            GroupBy = groupBy,
            ValuesOnly = true,
        }, deadline: DateTime.UtcNow.Add(s_timeout), cancellationToken: ct);

        var result = new Dictionary<string, SourcedSeries>(StringComparer.Ordinal);
        foreach (var series in response.Series)
        {
            // Points come only from a replica older than values_only.
            var counts = series.Points.Count > 0
                ? DailySeries.From(first, last, series.Points.Select(p => (ProtoDates.ToDateOnly(p.Date), p.Value)))
                : DailySeries.FromValues(first, last, series.Values);
            result[series.Key] = new SourcedSeries(Selection.From(series.Selector), counts);
        }

        return result;
    }
}
