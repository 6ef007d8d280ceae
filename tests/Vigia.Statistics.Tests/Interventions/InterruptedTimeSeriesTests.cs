using Vigia.Statistics.Interventions;

namespace Vigia.Statistics.Tests.Interventions;

/// <summary>The segmented quasi-Poisson fit against R's glm(family = quasipoisson) on the same simulated series.</summary>
public sealed class InterruptedTimeSeriesTests
{
    private const double ThreeDigits = 5e-4;

    [Fact]
    public void Estimate_SeriesSimulatedInR_MatchesRsLevelSlopeAndDispersion()
    {
        var series = RReferenceFile.Series();

        var estimate = InterruptedTimeSeries.Estimate(series.SeriesOf(treated: true), series.Periods, series.RelativePeriods, series.Granularity);

        Assert.NotNull(estimate);
        var post = RReferenceFile.Row("its_estimates.csv", "term", "post");
        var slope = RReferenceFile.Row("its_estimates.csv", "term", "post_t");
        AssertClose(post.Number("estimate"), estimate.LevelChange);
        AssertClose(post.Number("se"), estimate.LevelChangeStandardError);
        AssertClose(slope.Number("estimate"), estimate.SlopeChange);
        AssertClose(slope.Number("se"), estimate.SlopeChangeStandardError);
        AssertClose(RReferenceFile.Row("its_estimates.csv", "term", "dispersion").Number("estimate"), estimate.Dispersion);
    }

    [Fact]
    public void Estimate_SeriesSimulatedInR_EffectIsTheChangeAtTheMiddleOfThePostPeriod()
    {
        var series = RReferenceFile.Series();

        var estimate = InterruptedTimeSeries.Estimate(series.SeriesOf(treated: true), series.Periods, series.RelativePeriods, series.Granularity);

        Assert.NotNull(estimate);
        // 24 months after the start, relative 0..23: the middle is 11.5.
        Assert.Equal(estimate.LevelChange + (11.5 * estimate.SlopeChange), estimate.LogEffect, 12);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= ThreeDigits * Math.Abs(expected), $"expected {expected:R} (R), got {actual:R}");
}
