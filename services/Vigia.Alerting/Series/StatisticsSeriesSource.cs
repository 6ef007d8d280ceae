using Vigia.Alerting.Evaluation;
using Vigia.Alerting.Waves;
using Vigia.Common.V1;
using Vigia.Statistics.V1;

namespace Vigia.Alerting.Series;

/// <summary>Reads daily series through the statistics service's GetTimeSeries.</summary>
public sealed class StatisticsSeriesSource(StatisticsService.StatisticsServiceClient statistics) : ISeriesSource
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public async Task<DailySeries> GetDailyAsync(Selector series, Measure measure, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var grouped = await GetGroupedDailyAsync(series, measure, GroupBy.None, first, last, ct);
        return grouped.Values.FirstOrDefault() ?? new DailySeries(first, new double[last.DayNumber - first.DayNumber + 1]);
    }

    public async Task<IReadOnlyDictionary<string, DailySeries>> GetGroupedDailyAsync(
        Selector selector, Measure measure, GroupBy groupBy, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var response = await statistics.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = selector,
            Measure = measure == Measure.Unspecified ? Measure.Incidents : measure,
            Granularity = Granularity.Day,
            Period = ProtoDates.ToPeriod(first, last),
            GroupBy = groupBy,
        }, deadline: DateTime.UtcNow.Add(s_timeout), cancellationToken: ct);

        var result = new Dictionary<string, DailySeries>();
        foreach (var series in response.Series)
        {
            var counts = new double[last.DayNumber - first.DayNumber + 1];
            foreach (var point in series.Points)
            {
                var index = ProtoDates.ToDateOnly(point.Date).DayNumber - first.DayNumber;
                if (index >= 0 && index < counts.Length)
                {
                    counts[index] = point.Value;
                }
            }

            result[series.Key] = new DailySeries(first, counts);
        }

        return result;
    }
}
