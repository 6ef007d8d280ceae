using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Statistics.Tests.Support;
using Vigia.Statistics.V1;
using static Vigia.Statistics.Tests.Support.Snapshots;

namespace Vigia.Statistics.Tests.Grpc;

public sealed class ComparePeriodsTests : IAsyncLifetime
{
    private StatisticsHost _host = null!;

    public async Task InitializeAsync() => _host = await StatisticsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ComparePeriods_JanuaryToMay2016Vs2017_IsMinus48Point4Percent()
    {
        // Seed 001: 2,724 murders in January–May 2016, 1,405 in the same months of 2017. The article
        // called it "a nearly 100 percent reduction"; it is −48.4 %. Built as victims, month by month.
        await _host.PublishAndWaitAsync(
            Batch(MonthlyVictims(2016, [545, 545, 545, 545, 544])),
            Batch(MonthlyVictims(2017, [281, 281, 281, 281, 281])));

        var response = await _host.Client.ComparePeriodsAsync(new ComparePeriodsRequest
        {
            Selector = new Selector { CountryCodes = { "SV" }, IncidentTypes = { IncidentType.Homicide } },
            Measure = Measure.Victims,
            BasePeriod = StatisticsHost.Period("2016-01-01", "2016-05-31"),
            ComparisonPeriod = StatisticsHost.Period("2017-01-01", "2017-05-31"),
        });

        Assert.Equal(2_724, response.BaseTotal);
        Assert.Equal(1_405, response.ComparisonTotal);
        Assert.Equal(-1_319, response.AbsoluteChange);
        Assert.True(response.HasPercentChange);
        Assert.Equal(-48.4, Math.Round(response.PercentChange, 1));
        Assert.True(response.HasBaseRatePer100K);
        Assert.True(response.HasComparisonRatePer100K);
        Assert.True(response.ComparisonRatePer100K < response.BaseRatePer100K);
    }

    [Fact]
    public async Task ComparePeriods_ZeroBase_HasNoPercentChange()
    {
        await _host.PublishAndWaitAsync(Batch(Homicide("2017-06-11", victims: 3)));

        var response = await _host.Client.ComparePeriodsAsync(new ComparePeriodsRequest
        {
            Measure = Measure.Victims,
            BasePeriod = StatisticsHost.Period("2017-05-01", "2017-05-31"),
            ComparisonPeriod = StatisticsHost.Period("2017-06-01", "2017-06-30"),
        });

        Assert.Equal(0, response.BaseTotal);
        Assert.Equal(3, response.ComparisonTotal);
        Assert.Equal(3, response.AbsoluteChange);
        Assert.False(response.HasPercentChange);
    }

    [Fact]
    public async Task ComparePeriods_MunicipalitySelection_HasTotalsButNoRates()
    {
        await _host.PublishAndWaitAsync(Batch(Homicide("2017-06-11") with { Admin2 = "0614" }));

        var response = await _host.Client.ComparePeriodsAsync(new ComparePeriodsRequest
        {
            Selector = new Selector { Admin2 = { "0614" } },
            BasePeriod = StatisticsHost.Period("2016-06-01", "2016-06-30"),
            ComparisonPeriod = StatisticsHost.Period("2017-06-01", "2017-06-30"),
        });

        Assert.Equal(1, response.ComparisonTotal);
        Assert.False(response.HasBaseRatePer100K);
        Assert.False(response.HasComparisonRatePer100K);
    }

    private static IncidentSnapshot[] MonthlyVictims(int year, int[] victimsPerMonth) =>
        [.. victimsPerMonth.Select((victims, month) => Homicide($"{year}-{month + 1:D2}-15", victims: victims))];
}
