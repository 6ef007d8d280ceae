using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics.Populations;
using Vigia.Statistics.Series;
using Vigia.Statistics.V1;

namespace Vigia.Statistics.Rates;

public sealed record PlaceRankRequest(
    Selection Selection, Measure Measure, DatePeriod Period, PlaceLevel Level, RankOrder OrderBy, int Limit,
    DatePeriod ComparisonPeriod, DateTime? AsOf = null);

public sealed record RankedPlace(
    string CountryCode, string? Admin1, string? Admin2, double Count, long Population, double? RatePer100K,
    double ComparisonCount, double? PercentChange);

/// <summary>
/// Departments or municipalities ranked by count, rate (per 100,000 per year, departments only:
/// no municipal populations ship) or change against the comparison period. Places with a count in
/// either period are listed; incidents without a place at the level are left out.
/// </summary>
public sealed class PlaceRanking(CountAggregation counts, PopulationTable populations)
{
    public async Task<IReadOnlyList<RankedPlace>> RunAsync(PlaceRankRequest request, CancellationToken ct)
    {
        var municipalities = request.Level == PlaceLevel.Admin2;
        if (municipalities && request.OrderBy == RankOrder.Rate)
        {
            throw InvalidInputException.For("order_by", "no population figures exist for municipalities, so ADMIN2 places cannot be ranked by RATE");
        }

        var current = await counts.ByPlaceAsync(request.Selection, request.Measure, request.Period, municipalities, request.AsOf, ct);
        var previous = await counts.ByPlaceAsync(request.Selection, request.Measure, request.ComparisonPeriod, municipalities, request.AsOf, ct);

        var previousByPlace = previous.ToDictionary(PlaceKey);
        var currentByPlace = current.ToDictionary(PlaceKey);
        var places = current.Concat(previous.Where(p => !currentByPlace.ContainsKey(PlaceKey(p))));

        var ranked = places.Select(place =>
        {
            double count = currentByPlace.TryGetValue(PlaceKey(place), out var c) ? c.Value : 0;
            double comparison = previousByPlace.TryGetValue(PlaceKey(place), out var p) ? p.Value : 0;
            var exposure = municipalities || place.Admin1 is null ? null : populations.ExposureOf([place.Admin1], request.Period);
            return new RankedPlace(
                place.CountryCode, place.Admin1, municipalities ? place.Admin2 : null, count,
                exposure?.AveragePopulation ?? 0, exposure?.AnnualRatePer100K(count), comparison, Change.Percent(comparison, count));
        });

        var ordered = request.OrderBy switch
        {
            RankOrder.Rate => ranked.OrderByDescending(r => r.RatePer100K ?? double.NegativeInfinity),
            // A place that went from nothing to something has no percentage but rose the most.
            RankOrder.Change => ranked.OrderByDescending(r => r.PercentChange ?? (r.Count > 0 ? double.PositiveInfinity : 0)),
            _ => ranked.OrderByDescending(r => r.Count),
        };
        var list = ordered
            .ThenByDescending(r => r.Count)
            .ThenBy(r => r.Admin1, StringComparer.Ordinal)
            .ThenBy(r => r.Admin2, StringComparer.Ordinal);
        return request.Limit > 0 ? [.. list.Take(request.Limit)] : [.. list];
    }

    private static (string, string?, string?) PlaceKey(PlaceCount place) => (place.CountryCode, place.Admin1, place.Admin2);
}
