using Vigia.Alerting.Waves;
using Vigia.Common.V1;

namespace Vigia.Alerting.Series;

/// <summary>Where alerting reads the daily counts it judges: the statistics service.</summary>
public interface ISeriesSource
{
    /// <summary>The daily counts of one series from <paramref name="first"/> to <paramref name="last"/>, both included, zeros included.</summary>
    Task<DailySeries> GetDailyAsync(Selector series, Measure measure, DateOnly first, DateOnly last, CancellationToken ct);

    /// <summary>Daily counts split by <paramref name="groupBy"/>, by the statistics service's series key.</summary>
    Task<IReadOnlyDictionary<string, DailySeries>> GetGroupedDailyAsync(
        Selector selector, Measure measure, GroupBy groupBy, DateOnly first, DateOnly last, CancellationToken ct);
}
