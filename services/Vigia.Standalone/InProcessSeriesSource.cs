using Vigia.Alerting.Series;
using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.Statistics.Series;

namespace Vigia.Standalone;

/// <summary>
/// Alerting's series read from statistics' own query in this process, instead of through its GetTimeSeries port: the
/// same query and answer, without a loopback HTTP/2 call, a token check and the series serialised both ways.
/// Each read has its own scope: a pass starts its rules' reads together, and a scope's database context takes one
/// statement at a time (the reads still follow one another: SQLite's calls finish before they return).
/// </summary>
public sealed class InProcessSeriesSource(IServiceScopeFactory scopes) : ISeriesSource
{
    public async Task<IReadOnlyDictionary<string, SourcedSeries>> GetSeriesAsync(
        Selection selection, Measure measure, GroupBy groupBy, DateOnly first, DateOnly last, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<TimeSeriesQuery>();
        var answer = await query.RunAsync(new TimeSeriesRequest(
            selection, ISeriesSource.Counted(measure), Granularity.Day, new DatePeriod(first, last), groupBy,
            Per100K: false), ct);

        var result = new Dictionary<string, SourcedSeries>(StringComparer.Ordinal);
        foreach (var series in answer)
        {
            result[series.Key] = new SourcedSeries(series.Selection, DailySeries.From(first, last, series.Points.Select(p => (p.Date, p.Value))));
        }

        return result;
    }
}
