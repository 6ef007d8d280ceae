using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics.Populations;
using Vigia.Statistics.Series;

namespace Vigia.Statistics.Rates;

public sealed record RateResult(double Count, long Population, double RatePer100K);

/// <summary>
/// A count and its rate per 100,000 inhabitants per year: the count over the person-years the
/// selection's places lived through the period. For one calendar year that is the plain crude
/// rate (6,656 homicides over 6,460,271 inhabitants in 2015: 103.0); a shorter period is scaled to
/// a year, so rates of periods of any length compare. The population reported is the average over
/// the period's days (years weighted by how many of the period's days fall in them).
/// </summary>
public sealed class RateQuery(CountAggregation counts, PopulationTable populations)
{
    public async Task<RateResult> RunAsync(Selection selection, Measure measure, DatePeriod period, DateTime? asOf, CancellationToken ct)
    {
        var places = populations.PlacesOf(selection);
        var exposure = places is null ? null : populations.ExposureOf(places, period);
        if (exposure is null)
        {
            throw InvalidInputException.For(places is null ? "selector.admin2" : "period", populations.DescribeMissing(places, period));
        }

        var count = await counts.TotalAsync(selection, measure, period, asOf, ct);
        return new RateResult(count, exposure.AveragePopulation, exposure.AnnualRatePer100K(count));
    }
}
