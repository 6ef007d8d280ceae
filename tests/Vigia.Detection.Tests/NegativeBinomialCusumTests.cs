namespace Vigia.Detection.Tests;

public class NegativeBinomialCusumTests
{
    [Fact]
    public void Increment_ByHand_IsTheLogLikelihoodRatioOfAOneSdShift()
    {
        // μ0 = 5, φ = 2: size r = 5, sd = √10, μ1 = 5 + √10.
        var (slope, intercept) = NegativeBinomialCusum.Increment(5, 2, 1);

        var mu1 = 5 + Math.Sqrt(10);
        Assert.Equal(Math.Log(mu1 * 10 / (5 * (5 + mu1))), slope, 12);
        Assert.Equal(5 * Math.Log((5 + mu1) / 10), intercept, 12);
        Assert.Equal(0.348674139606783, 8 * slope - intercept, 9);
    }

    [Fact]
    public void Recursion_ConstantBaseline_MatchesRGlrnbWithKnownShift()
    {
        // glrnb with theta given is the recursive LR (CUSUM) scheme with restart after alarm; see RReference/cusum.csv.
        var (slope, intercept) = NegativeBinomialCusum.Increment(5, 2, 1);
        var statistic = 0.0;
        foreach (var row in RReferenceFile.Read("cusum.csv"))
        {
            statistic = Math.Max(0, statistic + slope * row.Number("y") - intercept);
            Assert.Equal(row.Number("statistic"), statistic, 9);
            var alarm = statistic >= 2.5;
            Assert.Equal(row.Number("alarm") == 1, alarm);
            if (alarm)
            {
                statistic = 0;
            }
        }
    }

    [Fact]
    public void UpperBound_IsTheLargestCountThatKeepsTheStatisticBelowH()
    {
        var (slope, intercept) = NegativeBinomialCusum.Increment(5, 2, 1);
        const double Previous = 1.5;
        const double H = 3;

        var bound = NegativeBinomialCusum.UpperBound(Previous, slope, intercept, H);

        Assert.True(Previous + slope * bound - intercept < H);
        Assert.True(Previous + slope * (bound + 1) - intercept >= H);
    }

    [Fact]
    public void Threshold_HigherRates_GiveLowerDecisionIntervals()
    {
        var strict = NegativeBinomialCusum.Threshold(0.001, 1);
        var loose = NegativeBinomialCusum.Threshold(0.01, 1);

        Assert.True(strict > loose);
        Assert.InRange(strict, 3, 8);
    }

    [Fact]
    public void Detector_EvaluateReplaysToTheSameStateAsEvaluateAll()
    {
        var counts = SeriesBuilder.NegativeBinomial(3 * 365, 4, 1.5, seed: 11);
        counts[800] += 9;
        counts[801] += 7;
        var detector = new NegativeBinomialCusumDetector();
        var start = new DateOnly(2014, 1, 1);

        var all = detector.EvaluateAll(counts, SeriesFrequency.Daily, start);

        foreach (var t in new[] { 100, 700, 800, 801, 802, 1000 })
        {
            Assert.Equal(all[t], detector.Evaluate(counts, t, SeriesFrequency.Daily, start));
        }
    }
}
