using Grpc.Core;
using Vigia.Common.V1;
using Vigia.Statistics.Tests.Support;
using Vigia.Statistics.V1;

namespace Vigia.Statistics.Tests.Grpc;

public sealed class RequestValidationTests : IAsyncLifetime
{
    private StatisticsHost _host = null!;

    public async Task InitializeAsync() => _host = await StatisticsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetTimeSeries_SeveralBadFields_ListsEveryViolation()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = new Selector { CountryCodes = { "SLV" }, IncidentTypes = { IncidentType.Unspecified } },
            Measure = (Measure)42,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            ["measure", "period", "selector.country_codes[0]", "selector.incident_types[0]"],
            ErrorDetails.FieldViolations(error).Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetTimeSeries_StartAfterEnd_IsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Period = StatisticsHost.Period("2017-06-12", "2017-06-01"),
        }).ResponseAsync);

        Assert.Equal("period", Assert.Single(ErrorDetails.FieldViolations(error)).Field);
    }

    [Fact]
    public async Task GetTimeSeries_PeriodOverFiftyYears_IsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Period = StatisticsHost.Period("1900-01-01", "2017-06-01"),
        }).ResponseAsync);

        var violation = Assert.Single(ErrorDetails.FieldViolations(error));
        Assert.Equal("period", violation.Field);
        Assert.Contains("50 years", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComparePeriods_MissingPeriodsAndInvalidDate_ListsEach()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.ComparePeriodsAsync(new ComparePeriodsRequest
        {
            BasePeriod = new Period { StartDate = new Google.Type.Date { Year = 2017, Month = 2, Day = 30 }, EndDate = new Google.Type.Date { Year = 2017, Month = 3, Day = 1 } },
        }).ResponseAsync);

        Assert.Equal(["base_period.start_date", "comparison_period"],
            ErrorDetails.FieldViolations(error).Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RankPlaces_NegativeLimit_IsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.RankPlacesAsync(new RankPlacesRequest
        {
            Period = StatisticsHost.Period("2017-06-01", "2017-06-30"),
            Limit = -1,
        }).ResponseAsync);

        Assert.Equal("limit", Assert.Single(ErrorDetails.FieldViolations(error)).Field);
    }

    [Fact]
    public async Task EvaluateIntervention_Always_IsUnimplemented()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.EvaluateInterventionAsync(new EvaluateInterventionRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
