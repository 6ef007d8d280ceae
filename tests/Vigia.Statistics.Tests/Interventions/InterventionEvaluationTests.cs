using Vigia.Statistics.Grpc;
using Vigia.Statistics.Interventions;
using Vigia.Statistics.V1;

namespace Vigia.Statistics.Tests.Interventions;

/// <summary>Verdicts on panels simulated in R with a known effect (see RReference/make_reference.R).</summary>
public sealed class InterventionEvaluationTests
{
    [Fact]
    public void Evaluate_TreatedPlacesFellTwentyPercent_IntervalCoversItAndSaysReduced()
    {
        var result = InterventionEvaluation.Evaluate(RReferenceFile.Panel("effect"));

        Assert.Equal(EvaluationMethod.DifferenceInDifferences, result.Method);
        Assert.Equal(Verdict.Reduced, result.Verdict);
        var (low, high) = result.LogInterval;
        Assert.InRange(Math.Log(0.8), low, high);
        Assert.True(result.PreTrendParallel);
        Assert.True(result.AbsoluteEffect < 0, $"treated places should have been spared events, got {result.AbsoluteEffect}");
    }

    [Fact]
    public void ToResponse_TreatedPlacesFellTwentyPercent_RateRatioAndExplanationFromTheLogEffect()
    {
        var result = InterventionEvaluation.Evaluate(RReferenceFile.Panel("effect"));

        var response = ResponseMapping.ToResponse(result);

        Assert.Equal(Math.Exp(result.LogEffect), response.RateRatio, 12);
        Assert.Equal(Math.Exp(result.LogInterval.Low), response.RateRatioCiLow, 12);
        Assert.Equal((Math.Exp(result.LogEffect) - 1) * 100, response.EffectPercent, 9);
        // R on this panel: b = -0.2338, se 0.0481 (RReference/did_estimates.csv).
        Assert.Equal("reduced: -20.8% (95% CI -28% to -13%)", response.Explanation);
    }

    [Fact]
    public void Evaluate_NoChangeAtTheStart_SaysNoDetectableEffect()
    {
        var result = InterventionEvaluation.Evaluate(RReferenceFile.Panel("none"));

        Assert.Equal(Verdict.NoDetectableEffect, result.Verdict);
        var (low, high) = result.LogInterval;
        Assert.InRange(0, low, high);
    }

    [Fact]
    public void Evaluate_TreatedPlacesAlreadyFallingFaster_FlagsPreTrendAndCannotTell()
    {
        var result = InterventionEvaluation.Evaluate(RReferenceFile.Panel("pretrend"));

        Assert.Equal(Verdict.CannotTell, result.Verdict);
        Assert.False(result.PreTrendParallel);
        Assert.True(result.PreTrendPValue < 0.05, $"p = {result.PreTrendPValue}");
        Assert.Contains("already moving apart", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FewerThanTenPlaces_CannotTellAndSaysWhy()
    {
        var panel = RReferenceFile.Panel("effect", place => place is "p01" or "p02" or "p03" or "p21" or "p22" or "p23");

        var result = InterventionEvaluation.Evaluate(panel);

        Assert.Equal(Verdict.CannotTell, result.Verdict);
        Assert.False(result.Estimated);
        Assert.Contains("6 places with counts", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoControlPlaces_UsesInterruptedTimeSeriesAndSaysReduced()
    {
        var result = InterventionEvaluation.Evaluate(RReferenceFile.Series());

        Assert.Equal(EvaluationMethod.InterruptedTimeSeries, result.Method);
        Assert.Equal(Verdict.Reduced, result.Verdict);
        var (low, high) = result.LogInterval;
        Assert.InRange(Math.Log(0.8), low, high);
        Assert.Equal(0, result.PreTrendDegreesOfFreedom);
    }
}
