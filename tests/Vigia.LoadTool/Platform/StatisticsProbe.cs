using Vigia.Common.V1;
using Vigia.Statistics.V1;

namespace Vigia.LoadTool.Platform;

/// <summary>
/// Asks statistics how many incidents it counts over a period (every place and type, one series, by
/// day so the period's ends are exact) — the figure that shows when the last report has gone all the way through.
/// </summary>
public sealed class StatisticsProbe(StatisticsService.StatisticsServiceClient client)
{
    public async Task<long> CountIncidentsAsync(DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var response = await client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = new Selector(),
            Measure = Measure.Incidents,
            Granularity = Granularity.Day,
            GroupBy = GroupBy.None,
            Period = new Period { StartDate = ToDate(firstDay), EndDate = ToDate(lastDay) },
        }, cancellationToken: cancellationToken);
        return (long)Math.Round(response.Series.Sum(s => s.Points.Sum(p => p.Value)));
    }

    private static Google.Type.Date ToDate(DateOnly day) => new() { Year = day.Year, Month = day.Month, Day = day.Day };
}
