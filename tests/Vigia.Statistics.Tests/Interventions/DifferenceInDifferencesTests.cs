using Vigia.Statistics.Interventions;

namespace Vigia.Statistics.Tests.Interventions;

/// <summary>The Poisson two-way fixed-effects fit against R's glm + sandwich::vcovCL on the same simulated panels.</summary>
public sealed class DifferenceInDifferencesTests
{
    /// <summary>Three significant digits: a relative difference under half a unit in the fourth.</summary>
    private const double ThreeDigits = 5e-4;

    /// <summary>R's names for the event-study terms, in window order.</summary>
    private static readonly string[] s_eventStudyTerms = ["es_m2", "es_0", "es_1"];

    [Theory]
    [InlineData("effect")]
    [InlineData("none")]
    [InlineData("pretrend")]
    public void Estimate_PanelSimulatedInR_MatchesRsEffectAndClusteredError(string panel)
    {
        var r = RReferenceFile.Row("did_estimates.csv", "panel", panel);

        var estimate = DifferenceInDifferences.Estimate(RReferenceFile.Panel(panel));

        Assert.NotNull(estimate);
        AssertClose(r.Number("b"), estimate.LogEffect);
        AssertClose(r.Number("se"), estimate.StandardError);
    }

    [Theory]
    [InlineData("effect")]
    [InlineData("none")]
    [InlineData("pretrend")]
    public void Estimate_PanelSimulatedInR_MatchesRsEventStudyAndPreTrendTest(string panel)
    {
        var r = RReferenceFile.Row("did_estimates.csv", "panel", panel);

        var estimate = DifferenceInDifferences.Estimate(RReferenceFile.Panel(panel));

        Assert.NotNull(estimate);
        // Windows of a year of months: 2013 (lead), 2015 and 2016 (lags); 2014 is the reference.
        Assert.Equal([-24, 0, 12], estimate.EventStudy.Select(w => w.RelativePeriod));
        foreach (var (window, column) in estimate.EventStudy.Zip(s_eventStudyTerms))
        {
            AssertClose(r.Number(column), window.LogEffect);
            AssertClose(r.Number($"{column}_se"), window.StandardError);
        }

        Assert.Equal(1, estimate.PreTrendDegreesOfFreedom);
        AssertClose(r.Number("pretrend_chi2"), estimate.PreTrendChiSquare);
        AssertClose(r.Number("pretrend_p"), estimate.PreTrendPValue);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= ThreeDigits * Math.Abs(expected), $"expected {expected:R} (R), got {actual:R}");
}
