using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.Statistics.Populations;
using Vigia.Statistics.Series;

namespace Vigia.Statistics.Rates;

public sealed record PeriodComparisonResult(
    double BaseTotal, double ComparisonTotal, double AbsoluteChange, double? PercentChange,
    double? BaseRatePer100K, double? ComparisonRatePer100K);

/// <summary>
/// Two periods of one selection side by side. Rates (per 100,000 per year, as GetRate) are given
/// only when the population of the selection's places is known for both periods.
/// </summary>
public sealed class PeriodComparison(CountAggregation counts, PopulationTable populations)
{
    public async Task<PeriodComparisonResult> RunAsync(
        Selection selection, Measure measure, DatePeriod basePeriod, DatePeriod comparisonPeriod, DateTime? asOf, CancellationToken ct)
    {
        double baseTotal = await counts.TotalAsync(selection, measure, basePeriod, asOf, ct);
        double comparisonTotal = await counts.TotalAsync(selection, measure, comparisonPeriod, asOf, ct);

        var places = populations.PlacesOf(selection);
        var baseExposure = places is null ? null : populations.ExposureOf(places, basePeriod);
        var comparisonExposure = places is null ? null : populations.ExposureOf(places, comparisonPeriod);
        var ratesKnown = baseExposure is not null && comparisonExposure is not null;

        return new PeriodComparisonResult(
            baseTotal,
            comparisonTotal,
            comparisonTotal - baseTotal,
            Change.Percent(baseTotal, comparisonTotal),
            ratesKnown ? baseExposure!.AnnualRatePer100K(baseTotal) : null,
            ratesKnown ? comparisonExposure!.AnnualRatePer100K(comparisonTotal) : null);
    }
}
