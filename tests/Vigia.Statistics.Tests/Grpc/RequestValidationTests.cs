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
    public async Task GetTimeSeries_EndingOn9999_12_31_IsInvalidArgumentNamingTheEndDate()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Period = StatisticsHost.Period("2017-01-01", "9999-12-31"),
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(ErrorDetails.FieldViolations(error));
        Assert.Equal("period.end_date", violation.Field);
        Assert.Contains("2100-12-31", violation.Description, StringComparison.Ordinal);
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
    public async Task RankPlaces_EmptyRequest_IsInvalidArgumentNamingPeriod()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.RankPlacesAsync(new RankPlacesRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("period", Assert.Single(ErrorDetails.FieldViolations(error)).Field);
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
    public async Task EvaluateIntervention_SeveralBadFields_ListsEveryViolation()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.EvaluateInterventionAsync(new EvaluateInterventionRequest
        {
            ControlPlaces = { "SV-SS", "0511" },
            Granularity = Granularity.Day,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            ["granularity", "period", "start_date", "treated_places"],
            ErrorDetails.FieldViolations(error).Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EvaluateIntervention_MixedPlaceLevelsAndTreatedControl_NamesEachPlace()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.EvaluateInterventionAsync(new EvaluateInterventionRequest
        {
            TreatedPlaces = { "SV-SS", "0511" },
            ControlPlaces = { "sv-ss" },
            StartDate = new Google.Type.Date { Year = 2015, Month = 7, Day = 16 },
            Period = StatisticsHost.Period("2013-01-01", "2016-12-31"),
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            ["control_places[0]", "treated_places[1]"],
            ErrorDetails.FieldViolations(error).Select(v => v.Field).Order(StringComparer.Ordinal));
    }
}
