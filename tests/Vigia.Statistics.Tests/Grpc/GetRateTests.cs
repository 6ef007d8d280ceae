using Grpc.Core;
using Vigia.Common.V1;
using Vigia.Statistics.Tests.Support;
using Vigia.Statistics.V1;
using static Vigia.Statistics.Tests.Support.Snapshots;

namespace Vigia.Statistics.Tests.Grpc;

public sealed class GetRateTests : IAsyncLifetime
{
    private StatisticsHost _host = null!;

    public async Task InitializeAsync() => _host = await StatisticsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetRate_Homicides2015_Is103Per100k()
    {
        // Seed 004: 103 homicides per 100,000 in 2015 (6,656 victims, one batch per month).
        var monthly = Enumerable.Range(1, 12).Select(m => Homicide($"2015-{m:D2}-15", victims: m == 12 ? 6_656 - (11 * 555) : 555)).ToArray();
        await _host.PublishAndWaitAsync(Batch(monthly));

        var response = await _host.Client.GetRateAsync(new GetRateRequest
        {
            Selector = new Selector { CountryCodes = { "SV" }, IncidentTypes = { IncidentType.Homicide } },
            Measure = Measure.Victims,
            Period = StatisticsHost.Period("2015-01-01", "2015-12-31"),
        });

        Assert.Equal(6_656, response.Count);
        Assert.Equal(6_460_271, response.Population);
        Assert.Equal(103.0, Math.Round(response.RatePer100K, 1));
    }

    [Fact]
    public async Task GetRate_HalfYear_IsAnnualised()
    {
        await _host.PublishAndWaitAsync(Batch(Homicide("2015-03-01", victims: 1_000)));

        var response = await _host.Client.GetRateAsync(new GetRateRequest
        {
            Selector = new Selector { CountryCodes = { "SV" } },
            Measure = Measure.Victims,
            Period = StatisticsHost.Period("2015-01-01", "2015-06-30"),
        });

        // 181 of 365 days: 1,000 victims over 6,460,271 × 181/365 person-years.
        Assert.Equal(1_000d / (6_460_271d * 181 / 365) * 100_000, response.RatePer100K, 9);
        Assert.Equal(6_460_271, response.Population);
    }

    [Fact]
    public async Task GetRate_PeriodSpanningYears_AveragesPopulationByDays()
    {
        var response = await _host.Client.GetRateAsync(new GetRateRequest
        {
            Selector = new Selector { CountryCodes = { "SV" } },
            Period = StatisticsHost.Period("2015-12-01", "2016-01-31"),
        });

        // 31 days of 2015 and 31 of 2016.
        Assert.Equal((6_460_271 + 6_522_419) / 2, response.Population);
        Assert.Equal(0, response.Count);
    }

    [Fact]
    public async Task GetRate_Department_UsesItsPopulation()
    {
        await _host.PublishAndWaitAsync(Batch(Homicide("2016-06-01", admin1: "SV-SM", victims: 48), Homicide("2016-06-01", admin1: "SV-SS", victims: 10)));

        var response = await _host.Client.GetRateAsync(new GetRateRequest
        {
            Selector = new Selector { Admin1 = { "SV-SM" } },
            Measure = Measure.Victims,
            Period = StatisticsHost.Period("2016-01-01", "2016-12-31"),
        });

        Assert.Equal(48, response.Count);
        Assert.InRange(response.Population, 450_000, 520_000);
        Assert.Equal(48d / response.Population * 100_000, response.RatePer100K, 6);
    }

    [Fact]
    public async Task GetRate_Municipality_IsInvalidArgumentNamingTheField()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.GetRateAsync(new GetRateRequest
        {
            Selector = new Selector { Admin2 = { "0614" } },
            Period = StatisticsHost.Period("2016-01-01", "2016-12-31"),
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("selector.admin2", Assert.Single(ErrorDetails.FieldViolations(error)).Field);
    }
}
