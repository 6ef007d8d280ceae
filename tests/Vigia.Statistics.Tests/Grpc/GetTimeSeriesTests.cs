using Grpc.Core;
using Vigia.Common.V1;
using Vigia.Statistics.Populations;
using Vigia.Statistics.Tests.Support;
using Vigia.Statistics.V1;
using static Vigia.Statistics.Tests.Support.Snapshots;

namespace Vigia.Statistics.Tests.Grpc;

public sealed class GetTimeSeriesTests : IAsyncLifetime
{
    private StatisticsHost _host = null!;

    public async Task InitializeAsync() => _host = await StatisticsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetTimeSeries_DayGranularity_EveryDayPresentWithZeros()
    {
        await _host.PublishAndWaitAsync(Batch(Homicide("2017-06-09"), Homicide("2017-06-09"), Homicide("2017-06-11")));

        var response = await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Measure = Measure.Incidents,
            Granularity = Granularity.Day,
            Period = StatisticsHost.Period("2017-06-08", "2017-06-12"),
        });

        var series = Assert.Single(response.Series);
        Assert.Equal("all", series.Key);
        Assert.Equal(Days("2017-06-08", 5), series.Points.Select(p => StatisticsHost.ToDateOnly(p.Date)));
        Assert.Equal([0d, 2, 0, 1, 0], series.Points.Select(p => p.Value));
    }

    [Theory]
    [InlineData(Granularity.Day, false)]
    [InlineData(Granularity.Week, false)]
    [InlineData(Granularity.Day, true)]
    public async Task GetTimeSeries_ValuesOnly_EachSeriesTheValuesOfItsPointsInOrderAndNoPoints(Granularity granularity, bool per100K)
    {
        await _host.PublishAndWaitAsync(Batch(
            Homicide("2017-06-09"), Homicide("2017-06-09"), Homicide("2017-06-11"), Homicide("2017-06-20", admin1: "SV-LI")));
        var request = new GetTimeSeriesRequest
        {
            Measure = Measure.Incidents,
            Granularity = granularity,
            Period = StatisticsHost.Period("2017-06-08", "2017-06-30"),
            GroupBy = GroupBy.Admin1,
            Per100K = per100K,
        };

        var points = await _host.Client.GetTimeSeriesAsync(request);
        request.ValuesOnly = true;
        var values = await _host.Client.GetTimeSeriesAsync(request);

        Assert.Equal(points.Series.Select(s => s.Key), values.Series.Select(s => s.Key));
        Assert.Equal(2, values.Series.Count);
        foreach (var (pointed, valued) in points.Series.Zip(values.Series))
        {
            Assert.Empty(valued.Points);
            Assert.Empty(pointed.Values);
            Assert.Equal(pointed.Selector, valued.Selector);
            Assert.Equal(pointed.Points.Select(p => p.Value), valued.Values);
        }

        Assert.Contains(values.Series, s => s.Values.Distinct().Count() > 1);
    }

    [Fact]
    public async Task GetTimeSeries_Admin2InEitherGeography_ANewMunicipalityCountsItsDistrictsAndADistrictOnlyItself()
    {
        // Soyapango (0617) and Ilopango (0607) are districts of San Salvador Este (06M03) since 2024; San Salvador (0614) is
        // in San Salvador Centro. A source that names only the new municipality is counted there, not in a district.
        await _host.PublishAndWaitAsync(Batch(
            Homicide("2024-06-01") with { Admin2 = "0617" },
            Homicide("2024-06-02") with { Admin2 = "0607" },
            Homicide("2024-06-03") with { Admin2 = "06M03" },
            Homicide("2024-06-04") with { Admin2 = "0614" }));

        async Task<double> JuneAsync(params string[] admin2) => Assert.Single(Assert.Single((await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = new Selector { Admin2 = { admin2 } },
            Granularity = Granularity.Month,
            Period = StatisticsHost.Period("2024-06-01", "2024-06-30"),
        })).Series).Points).Value;

        Assert.Equal(3d, await JuneAsync("06M03"));
        Assert.Equal(1d, await JuneAsync("0617"));
        Assert.Equal(4d, await JuneAsync("06M03", "0614"));
        Assert.Equal(1d, await JuneAsync("06M04"));
    }

    [Fact]
    public async Task GetTimeSeries_UnspecifiedMeasureAndGranularity_DefaultsToIncidentsPerDay()
    {
        await _host.PublishAndWaitAsync(Batch(Homicide("2017-06-09", victims: 25)));

        var response = await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest { Period = StatisticsHost.Period("2017-06-09", "2017-06-10") });

        Assert.Equal([1d, 0], Assert.Single(response.Series).Points.Select(p => p.Value));
    }

    [Fact]
    public async Task GetTimeSeries_WeekGranularity_BucketsStartOnIsoMonday()
    {
        // 2017-01-01 is a Sunday: it belongs to the ISO week starting Monday 2016-12-26.
        await _host.PublishAndWaitAsync(Batch(Homicide("2017-01-01"), Homicide("2017-01-02"), Homicide("2017-01-08"), Homicide("2017-01-15")));

        var series = await SingleSeriesAsync(Granularity.Week, "2017-01-01", "2017-01-21");

        Assert.Equal([new DateOnly(2016, 12, 26), new DateOnly(2017, 1, 2), new DateOnly(2017, 1, 9), new DateOnly(2017, 1, 16)],
            series.Points.Select(p => StatisticsHost.ToDateOnly(p.Date)));
        Assert.Equal([1d, 2, 1, 0], series.Points.Select(p => p.Value));
    }

    [Fact]
    public async Task GetTimeSeries_MonthGranularity_BucketsStartOnTheFirst()
    {
        await _host.PublishAndWaitAsync(Batch(Homicide("2016-01-31"), Homicide("2016-02-01"), Homicide("2016-02-29"), Homicide("2016-04-30")));

        var series = await SingleSeriesAsync(Granularity.Month, "2016-01-15", "2016-04-30");

        Assert.Equal([new DateOnly(2016, 1, 1), new DateOnly(2016, 2, 1), new DateOnly(2016, 3, 1), new DateOnly(2016, 4, 1)],
            series.Points.Select(p => StatisticsHost.ToDateOnly(p.Date)));
        Assert.Equal([1d, 2, 0, 1], series.Points.Select(p => p.Value));
    }

    [Fact]
    public async Task GetTimeSeries_YearGranularity_BucketsStartOnJanuaryFirst()
    {
        await _host.PublishAndWaitAsync(Batch(Homicide("2015-12-31"), Homicide("2016-01-01"), Homicide("2016-07-01"), Homicide("2018-05-05")));

        var series = await SingleSeriesAsync(Granularity.Year, "2015-01-01", "2018-12-31");

        Assert.Equal([new DateOnly(2015, 1, 1), new DateOnly(2016, 1, 1), new DateOnly(2017, 1, 1), new DateOnly(2018, 1, 1)],
            series.Points.Select(p => StatisticsHost.ToDateOnly(p.Date)));
        Assert.Equal([1d, 2, 0, 1], series.Points.Select(p => p.Value));
    }

    [Fact]
    public async Task GetTimeSeries_GroupByAdmin1_OneSeriesPerDepartmentWithDataPlusNamedOnes()
    {
        await _host.PublishAndWaitAsync(Batch(
            Homicide("2017-06-09", admin1: "SV-SM"), Homicide("2017-06-09", admin1: "SV-SM"),
            Homicide("2017-06-10", admin1: "SV-SS"), Homicide("2017-06-10", admin1: "SV-SA")));

        var grouped = await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Granularity = Granularity.Day,
            Period = StatisticsHost.Period("2017-06-09", "2017-06-10"),
            GroupBy = GroupBy.Admin1,
        });
        var named = await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = new Selector { Admin1 = { "SV-SM", "sv-us" } },
            Granularity = Granularity.Day,
            Period = StatisticsHost.Period("2017-06-09", "2017-06-10"),
            GroupBy = GroupBy.Admin1,
        });

        Assert.Equal(["SV-SA", "SV-SM", "SV-SS"], grouped.Series.Select(s => s.Key));
        Assert.Equal([[0d, 1], [2d, 0], [0d, 1]], grouped.Series.Select(s => s.Points.Select(p => p.Value).ToArray()));
        Assert.Equal(["SV-SM", "SV-US"], named.Series.Select(s => s.Key));
        Assert.Equal([[2d, 0], [0d, 0]], named.Series.Select(s => s.Points.Select(p => p.Value).ToArray()));
    }

    [Fact]
    public async Task GetTimeSeries_GroupByVictimCategory_CountsIncidentsPerCategoryAndVictimsPerCategory()
    {
        var mixed = Homicide("2017-06-11") with
        {
            Victims = [new() { Category = VictimCategory.SecurityForceRelative, Count = 2 }, new() { Category = VictimCategory.Civilian, Count = 1 }],
        };
        await _host.PublishAndWaitAsync(Batch(mixed, Homicide("2017-06-12", victims: 3, category: VictimCategory.SecurityForceRelative)));

        var incidents = await GroupedTotalsAsync(Measure.Incidents, GroupBy.VictimCategory);
        var victims = await GroupedTotalsAsync(Measure.Victims, GroupBy.VictimCategory);

        Assert.Equal(new Dictionary<string, double> { ["civilian"] = 1, ["security_force_relative"] = 2 }, incidents);
        Assert.Equal(new Dictionary<string, double> { ["civilian"] = 1, ["security_force_relative"] = 5 }, victims);
    }

    [Fact]
    public async Task GetTimeSeries_GroupByIncidentTypeAndPerpetrator_KeysAreLowerCaseNames()
    {
        var attack = Homicide("2017-06-11", perpetrator: "Barrio 18 Sureños") with { IncidentType = IncidentType.ArmedConfrontation };
        await _host.PublishAndWaitAsync(Batch(attack, Homicide("2017-06-11", perpetrator: "MS13")));

        var byType = await GroupedTotalsAsync(Measure.Incidents, GroupBy.IncidentType);
        var byPerpetrator = await GroupedTotalsAsync(Measure.Incidents, GroupBy.Perpetrator, new Selector { Perpetrators = { "ms13" } });

        Assert.Equal(new Dictionary<string, double> { ["armed_confrontation"] = 1, ["homicide"] = 1 }, byType);
        Assert.Equal(new Dictionary<string, double> { ["ms13"] = 1 }, byPerpetrator);
    }

    [Fact]
    public async Task GetTimeSeries_VictimsWithCategoryFilter_SumsOnlyThoseCategories()
    {
        var mixed = Homicide("2017-06-11") with
        {
            Victims = [new() { Category = VictimCategory.SecurityForceRelative, Count = 2 }, new() { Category = VictimCategory.Civilian, Count = 4 }],
        };
        await _host.PublishAndWaitAsync(Batch(mixed, Homicide("2017-06-11", victims: 7), Homicide("2017-06-12", victims: 1, category: VictimCategory.SecurityForceRelative)));
        var relatives = new Selector { VictimCategories = { VictimCategory.SecurityForceRelative } };

        var victims = await GroupedTotalsAsync(Measure.Victims, GroupBy.None, relatives);
        var incidents = await GroupedTotalsAsync(Measure.Incidents, GroupBy.None, relatives);
        var allVictims = await GroupedTotalsAsync(Measure.Victims, GroupBy.None);

        Assert.Equal(3, victims["all"]);
        Assert.Equal(2, incidents["all"]);
        Assert.Equal(14, allVictims["all"]);
    }

    [Fact]
    public async Task GetTimeSeries_Per100k_DividesByTheGroupsPopulationOfThatYear()
    {
        var populations = PopulationFile.Load(null);
        await _host.PublishAndWaitAsync(Batch(
            Homicide("2015-03-01", admin1: "SV-SS", victims: 100), Homicide("2016-03-01", admin1: "SV-SM", victims: 48)));

        var response = await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Measure = Measure.Victims,
            Granularity = Granularity.Year,
            Period = StatisticsHost.Period("2015-01-01", "2016-12-31"),
            GroupBy = GroupBy.Admin1,
            Per100K = true,
        });
        var national = await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = new Selector { CountryCodes = { "SV" } },
            Measure = Measure.Victims,
            Granularity = Granularity.Year,
            Period = StatisticsHost.Period("2015-01-01", "2016-12-31"),
            Per100K = true,
        });

        var sanSalvador = response.Series.Single(s => s.Key == "SV-SS").Points.Select(p => p.Value).ToArray();
        var sanMiguel = response.Series.Single(s => s.Key == "SV-SM").Points.Select(p => p.Value).ToArray();
        Assert.Equal(100d / populations.Of("SV-SS", 2015)!.Value * 100_000, sanSalvador[0], 9);
        Assert.Equal(0, sanSalvador[1]);
        Assert.Equal(48d / populations.Of("SV-SM", 2016)!.Value * 100_000, sanMiguel[1], 9);
        Assert.Equal(100d / 6_460_271 * 100_000, Assert.Single(national.Series).Points[0].Value, 9);
    }

    [Fact]
    public async Task GetTimeSeries_Per100kByMunicipality_IsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Period = StatisticsHost.Period("2015-01-01", "2015-12-31"),
            GroupBy = GroupBy.Admin2,
            Per100K = true,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("municipalities", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTimeSeries_Per100kOutsideThePopulationYears_IsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = new Selector { CountryCodes = { "SV" } },
            Period = StatisticsHost.Period("2040-01-01", "2040-12-31"),
            Per100K = true,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("no figure for SV in 2040", error.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<Vigia.Statistics.V1.Series> SingleSeriesAsync(Granularity granularity, string start, string end)
    {
        var response = await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Measure = Measure.Incidents,
            Granularity = granularity,
            Period = StatisticsHost.Period(start, end),
        });
        return Assert.Single(response.Series);
    }

    private async Task<Dictionary<string, double>> GroupedTotalsAsync(Measure measure, GroupBy groupBy, Selector? selector = null)
    {
        var response = await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = selector ?? new Selector(),
            Measure = measure,
            Granularity = Granularity.Month,
            Period = StatisticsHost.Period("2017-06-01", "2017-06-30"),
            GroupBy = groupBy,
        });
        return response.Series.ToDictionary(s => s.Key, s => s.Points.Sum(p => p.Value));
    }

    private static IEnumerable<DateOnly> Days(string start, int count) =>
        Enumerable.Range(0, count).Select(i => DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture).AddDays(i));
}
