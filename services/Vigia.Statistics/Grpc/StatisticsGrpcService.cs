using Grpc.Core;
using Vigia.Statistics.Interventions;
using Vigia.Statistics.Rates;
using Vigia.Statistics.Series;
using Vigia.Statistics.V1;

namespace Vigia.Statistics.Grpc;

/// <summary>vigia.statistics.v1.StatisticsService: translates requests and delegates to the queries.</summary>
public sealed class StatisticsGrpcService(
    TimeSeriesQuery timeSeries, PeriodComparison periodComparison, RateQuery rates, PlaceRanking placeRanking,
    InterventionEvaluation interventions, TimeProvider time)
    : StatisticsService.StatisticsServiceBase
{
    public override async Task<GetTimeSeriesResponse> GetTimeSeries(GetTimeSeriesRequest request, ServerCallContext context) =>
        ResponseMapping.ToResponse(
            await timeSeries.RunAsync(RequestMapping.ToQuery(request, time.GetUtcNow()), context.CancellationToken), request.ValuesOnly);

    public override async Task<ComparePeriodsResponse> ComparePeriods(ComparePeriodsRequest request, ServerCallContext context)
    {
        var (selection, measure, basePeriod, comparisonPeriod, asOf) = RequestMapping.ToQuery(request, time.GetUtcNow());
        return ResponseMapping.ToResponse(
            await periodComparison.RunAsync(selection, measure, basePeriod, comparisonPeriod, asOf, context.CancellationToken));
    }

    public override async Task<GetRateResponse> GetRate(GetRateRequest request, ServerCallContext context)
    {
        var (selection, measure, period, asOf) = RequestMapping.ToQuery(request, time.GetUtcNow());
        return ResponseMapping.ToResponse(await rates.RunAsync(selection, measure, period, asOf, context.CancellationToken));
    }

    public override async Task<RankPlacesResponse> RankPlaces(RankPlacesRequest request, ServerCallContext context) =>
        ResponseMapping.ToResponse(await placeRanking.RunAsync(RequestMapping.ToQuery(request, time.GetUtcNow()), context.CancellationToken));

    public override async Task<EvaluateInterventionResponse> EvaluateIntervention(EvaluateInterventionRequest request, ServerCallContext context) =>
        ResponseMapping.ToResponse(await interventions.RunAsync(RequestMapping.ToQuery(request, time.GetUtcNow()), context.CancellationToken));
}
