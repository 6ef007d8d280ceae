using Grpc.Core;
using Vigia.Common.V1;
using Vigia.Statistics.Tests.Support;
using Vigia.Statistics.V1;
using static Vigia.Statistics.Tests.Support.Snapshots;

namespace Vigia.Statistics.Tests.Grpc;

public sealed class RankPlacesTests : IAsyncLifetime
{
    private StatisticsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await StatisticsHost.StartAsync();
        // May 2017 (the default comparison for June) then June 2017.
        await _host.PublishAndWaitAsync(Batch(
            Homicide("2017-05-10", admin1: "SV-SS", victims: 20),
            Homicide("2017-05-10", admin1: "SV-CA", victims: 2),
            Homicide("2017-06-10", admin1: "SV-SS", victims: 30),
            Homicide("2017-06-10", admin1: "SV-CA", victims: 8),
            Homicide("2017-06-10", admin1: "SV-SM", victims: 5) with { Admin2 = "1217" }));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RankPlaces_ByCount_LargestFirstWithDefaultComparisonPeriod()
    {
        var places = await RankAsync(RankOrder.Count);

        Assert.Equal(["SV-SS", "SV-CA", "SV-SM"], places.Select(p => p.Place.Admin1));
        Assert.Equal([30d, 8, 5], places.Select(p => p.Count));
        Assert.Equal([20d, 2, 0], places.Select(p => p.ComparisonCount));
        Assert.Equal(50, places[0].PercentChange, 9);
        Assert.False(places[2].HasPercentChange);
    }

    [Fact]
    public async Task RankPlaces_ByRate_SmallDepartmentWithHigherRateFirst()
    {
        var places = await RankAsync(RankOrder.Rate);

        // Cabañas (~0.17 M) with 8 outranks San Salvador (~1.8 M) with 30.
        Assert.Equal("SV-CA", places[0].Place.Admin1);
        Assert.All(places, p => Assert.True(p.HasRatePer100K && p.Population > 0));
        Assert.Equal(8d / (places[0].Population * 30d / 365) * 100_000, places[0].RatePer100K, 6);
    }

    [Fact]
    public async Task RankPlaces_ByChange_NewPlaceThenLargestRise()
    {
        var places = await RankAsync(RankOrder.Change, limit: 2);

        Assert.Equal(["SV-SM", "SV-CA"], places.Select(p => p.Place.Admin1));
        Assert.Equal(300, places[1].PercentChange, 9);
    }

    [Fact]
    public async Task RankPlaces_Municipalities_ListsThemWithTheirDepartment()
    {
        var places = await RankAsync(RankOrder.Count, PlaceLevel.Admin2);

        var place = Assert.Single(places);
        Assert.Equal(new Place { CountryCode = "SV", Admin1 = "SV-SM", Admin2 = "1217" }, place.Place);
        Assert.False(place.HasRatePer100K);
    }

    [Fact]
    public async Task RankPlaces_MunicipalitiesByRate_IsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => RankAsync(RankOrder.Rate, PlaceLevel.Admin2));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("order_by", Assert.Single(ErrorDetails.FieldViolations(error)).Field);
    }

    private async Task<IReadOnlyList<PlaceRank>> RankAsync(RankOrder order, PlaceLevel level = PlaceLevel.Admin1, int limit = 0)
    {
        var response = await _host.Client.RankPlacesAsync(new RankPlacesRequest
        {
            Measure = Measure.Victims,
            Period = StatisticsHost.Period("2017-06-01", "2017-06-30"),
            Level = level,
            OrderBy = order,
            Limit = limit,
        });
        return response.Places;
    }
}
