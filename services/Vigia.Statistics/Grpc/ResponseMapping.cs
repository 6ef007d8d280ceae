using Vigia.Common.V1;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics.Rates;
using Vigia.Statistics.Series;
using Vigia.Statistics.V1;

namespace Vigia.Statistics.Grpc;

/// <summary>Query results to proto responses.</summary>
public static partial class ResponseMapping
{
    /// <param name="valuesOnly">Each series' values alone, in period order (<c>values_only</c>), not dated points.</param>
    public static GetTimeSeriesResponse ToResponse(IReadOnlyList<SeriesResult> series, bool valuesOnly)
    {
        var response = new GetTimeSeriesResponse();
        foreach (var result in series)
        {
            var proto = new V1.Series { Key = result.Key, Selector = result.Selection.ToSelector() };
            if (valuesOnly)
            {
                proto.Values.Capacity = result.Points.Count;
                foreach (var point in result.Points)
                {
                    proto.Values.Add(point.Value);
                }
            }
            else
            {
                proto.Points.AddRange(result.Points.Select(p => new Point { Date = ProtoDates.ToDate(p.Date), Value = p.Value }));
            }

            response.Series.Add(proto);
        }

        return response;
    }

    public static ComparePeriodsResponse ToResponse(PeriodComparisonResult result)
    {
        var response = new ComparePeriodsResponse
        {
            BaseTotal = result.BaseTotal,
            ComparisonTotal = result.ComparisonTotal,
            AbsoluteChange = result.AbsoluteChange,
        };
        if (result.PercentChange is { } percent)
        {
            response.PercentChange = percent;
        }

        if (result.BaseRatePer100K is { } baseRate)
        {
            response.BaseRatePer100K = baseRate;
        }

        if (result.ComparisonRatePer100K is { } comparisonRate)
        {
            response.ComparisonRatePer100K = comparisonRate;
        }

        return response;
    }

    public static GetRateResponse ToResponse(RateResult result) => new()
    {
        Count = result.Count,
        Population = result.Population,
        RatePer100K = result.RatePer100K,
    };

    public static RankPlacesResponse ToResponse(IReadOnlyList<RankedPlace> places)
    {
        var response = new RankPlacesResponse();
        foreach (var place in places)
        {
            var rank = new PlaceRank
            {
                Place = new Place { CountryCode = place.CountryCode, Admin1 = place.Admin1 ?? "", Admin2 = place.Admin2 ?? "" },
                Count = place.Count,
                Population = place.Population,
                ComparisonCount = place.ComparisonCount,
            };
            if (place.RatePer100K is { } rate)
            {
                rank.RatePer100K = rate;
            }

            if (place.PercentChange is { } percent)
            {
                rank.PercentChange = percent;
            }

            response.Places.Add(rank);
        }

        return response;
    }
}
