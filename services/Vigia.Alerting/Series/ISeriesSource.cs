using Vigia.Common.V1;
using Vigia.Contracts.Selectors;

namespace Vigia.Alerting.Series;

/// <summary>One daily series as the statistics service answers it: what it covers and its counts.</summary>
public sealed record SourcedSeries(Selection Selection, DailySeries Counts);

/// <summary>Where alerting reads the daily counts it judges: the statistics service (its port, or its query in the embedded default).</summary>
public interface ISeriesSource
{
    /// <summary>
    /// Daily counts of <paramref name="selection"/> split by <paramref name="groupBy"/>, by series key
    /// (<see cref="SeriesKeys"/>), from <paramref name="first"/> to <paramref name="last"/>, both included, zeros
    /// included: one call, however many series.
    /// </summary>
    Task<IReadOnlyDictionary<string, SourcedSeries>> GetSeriesAsync(
        Selection selection, Measure measure, GroupBy groupBy, DateOnly first, DateOnly last, CancellationToken ct);

    /// <summary>What a rule counts when it names no measure: incidents.</summary>
    static Measure Counted(Measure measure) => measure == Measure.Unspecified ? Measure.Incidents : measure;
}
