using MathNet.Numerics.Distributions;
using Vigia.Common.V1;
using Vigia.Statistics.Tests.Support;
using Vigia.Statistics.V1;
using static Vigia.Statistics.Tests.Support.Snapshots;

namespace Vigia.Statistics.Tests.Grpc;

/// <summary>
/// EvaluateIntervention through the service: the panel comes from the projection. Fourteen
/// departments, 2014 to 2016, Poisson victim counts (seeded); the four treated departments' counts
/// halve from January 2016.
/// </summary>
public sealed class EvaluateInterventionTests : IAsyncLifetime
{
    private static readonly string[] s_departments =
        ["SV-AH", "SV-CA", "SV-CH", "SV-CU", "SV-LI", "SV-MO", "SV-PA", "SV-SA", "SV-SM", "SV-SO", "SV-SS", "SV-SV", "SV-UN", "SV-US"];

    private static readonly string[] s_treated = ["SV-SS", "SV-SA", "SV-SO", "SV-SM"];

    private StatisticsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await StatisticsHost.StartAsync();
        var random = new Random(2016);
        var incidents = new List<Vigia.Contracts.Messages.IncidentSnapshot>();
        for (var g = 0; g < s_departments.Length; g++)
        {
            for (var month = new DateOnly(2014, 1, 1); month.Year <= 2016; month = month.AddMonths(1))
            {
                var mean = (6 + g) * (1 + (0.2 * Math.Cos(2 * Math.PI * month.Month / 12)));
                if (s_treated.Contains(s_departments[g]) && month.Year == 2016)
                {
                    mean *= 0.5;
                }

                var victims = Poisson.Sample(random, mean);
                if (victims > 0)
                {
                    incidents.Add(Homicide(month.AddDays(9).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), admin1: s_departments[g], victims: victims));
                }
            }
        }

        await _host.PublishAndWaitAsync(Batch([.. incidents]));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EvaluateIntervention_HalvedInTreatedDepartments_DifferenceInDifferencesSaysReduced()
    {
        var response = await _host.Client.EvaluateInterventionAsync(Request());

        Assert.Equal(EvaluationMethod.DifferenceInDifferences, response.Method);
        Assert.Equal(Verdict.Reduced, response.Verdict);
        Assert.InRange(0.5, response.RateRatioCiLow, response.RateRatioCiHigh);
        Assert.Equal((response.RateRatio - 1) * 100, response.EffectPercent, 9);
        Assert.Equal((4, 10, 24, 12), (response.TreatedPlaceCount, response.ControlPlaceCount, response.PrePeriodCount, response.PostPeriodCount));
        Assert.Equal([-24, 0], response.EventStudy.Select(p => p.RelativePeriod));
        Assert.Equal(1, response.PreTrendDegreesOfFreedom);
        Assert.StartsWith("reduced: ", response.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateIntervention_SelectorLeavesNoOtherPlace_InterruptedTimeSeriesOfTheTreatedTotal()
    {
        var request = Request();
        request.Selector = new Selector { Admin1 = { s_treated } };

        var response = await _host.Client.EvaluateInterventionAsync(request);

        Assert.Equal(EvaluationMethod.InterruptedTimeSeries, response.Method);
        Assert.Equal(0, response.ControlPlaceCount);
        Assert.Equal(Verdict.Reduced, response.Verdict);
        Assert.Empty(response.EventStudy);
    }

    [Fact]
    public async Task EvaluateIntervention_StartMidMonth_LeavesThatMonthOutOfBothSides()
    {
        var request = Request();
        request.StartDate = new Google.Type.Date { Year = 2016, Month = 1, Day = 16 };

        var response = await _host.Client.EvaluateInterventionAsync(request);

        Assert.Equal((24, 11), (response.PrePeriodCount, response.PostPeriodCount));
        Assert.Equal(new Google.Type.Date { Year = 2016, Month = 2, Day = 1 }, response.EventStudy.Single(p => p.RelativePeriod == 0).Date);
    }

    [Fact]
    public async Task EvaluateIntervention_Answer_CarriesTreatedAndControlSeriesSummingToTheTotals()
    {
        var response = await _host.Client.EvaluateInterventionAsync(Request());

        Assert.Equal(36, response.TreatedSeries.Count);
        Assert.Equal(response.TreatedSeries.Select(p => p.Date), response.ControlSeries.Select(p => p.Date));
        Assert.Equal(new Google.Type.Date { Year = 2014, Month = 1, Day = 1 }, response.TreatedSeries[0].Date);
        Assert.Equal(response.TreatedTotal, response.TreatedSeries.Sum(p => p.Value));
        Assert.Equal(response.ControlTotal, response.ControlSeries.Sum(p => p.Value));
    }

    [Fact]
    public async Task EvaluateIntervention_AsOfBeforeTheCountsWereKnown_CountsNothingAndCannotTell()
    {
        var request = Request();
        request.AsOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddDays(-1));

        var then = await _host.Client.EvaluateInterventionAsync(request);
        var now = await _host.Client.EvaluateInterventionAsync(Request());

        Assert.Equal((0d, 0d, Verdict.CannotTell), (then.TreatedTotal, then.ControlTotal, then.Verdict));
        Assert.True(now.TreatedTotal > 0);
    }

    private static EvaluateInterventionRequest Request() => new()
    {
        TreatedPlaces = { s_treated },
        StartDate = new Google.Type.Date { Year = 2016, Month = 1, Day = 1 },
        Measure = Measure.Victims,
        Period = StatisticsHost.Period("2014-01-01", "2016-12-31"),
    };
}
