using MathNet.Numerics.Distributions;

namespace Vigia.Detection.Tests;

public class EarsDetectorTests
{
    private static readonly DateOnly s_start = new(2017, 6, 1);

    // The series of RReference/ears.csv.
    private static readonly double[] s_counts = [3, 5, 2, 4, 6, 3, 4, 5, 2, 3, 4, 12, 5, 3, 4, 9, 10, 4, 3, 2];

    [Fact]
    public void Evaluate_C1ByHand_MeanPlusThreeSdOfTheLastSevenDays()
    {
        // Day 7: baseline 3, 5, 2, 4, 6, 3, 4 → mean 27/7, sample variance (Σ(y − m)²)/6 = 10.857/6.
        var result = new EarsDetector(EarsMethod.C1).Evaluate(s_counts, 7, SeriesFrequency.Daily, s_start);

        var mean = 27.0 / 7.0;
        var sd = Math.Sqrt((3 * 3 + 5 * 5 + 2 * 2 + 4 * 4 + 6 * 6 + 3 * 3 + 4 * 4 - 7 * mean * mean) / 6.0);
        Assert.Equal(mean, result.Expected, 12);
        Assert.Equal(mean + 3 * sd, result.UpperBound, 12);
        Assert.Equal((5 - mean) / sd / 3, result.Score, 12);
        Assert.False(result.Alarm);
    }

    [Fact]
    public void Evaluate_C1AndC2_MatchRSurveillanceEarsC()
    {
        var c1 = new EarsDetector(EarsMethod.C1);
        var c2 = new EarsDetector(EarsMethod.C2);
        foreach (var row in RReferenceFile.Read("ears.csv").Where(r => r["method"] != "C3"))
        {
            var t = (int)row.Number("index");
            var detector = row["method"] == "C1" ? c1 : c2;
            var result = detector.Evaluate(s_counts, t, SeriesFrequency.Daily, s_start);
            Assert.Equal(row.Number("upperbound"), result.UpperBound, 9);
            Assert.Equal(row.Number("alarm") == 1, result.Alarm);
        }
    }

    [Fact]
    public void Evaluate_C3_LaggedTermsMatchRSurveillanceEarsC()
    {
        // surveillance 1.20.3 sets C3's bound to y + sd·(z − lagged terms), z = qnorm(0.975), leaving today's term out:
        // the lagged terms are recovered from its bound and compared with ours; its alarms follow from them.
        var z = Normal.InvCDF(0, 1, 0.975);
        foreach (var row in RReferenceFile.Read("ears.csv").Where(r => r["method"] == "C3"))
        {
            var t = (int)row.Number("index");
            var lagged = EarsDetector.LaggedC3Terms(s_counts, t);
            var (_, sd) = EarsDetector.MeanAndSd(s_counts.AsSpan(t - 9, 7));
            var bound = row.Number("upperbound");
            if (bound > 0)
            {
                Assert.Equal(z - (bound - s_counts[t]) / sd, lagged, 9);
            }
            else
            {
                Assert.True(lagged >= z - (0 - s_counts[t]) / sd - 1e-9);
            }

            Assert.Equal(row.Number("alarm") == 1, lagged > z);
        }
    }

    [Fact]
    public void Evaluate_C3ByHand_AddsTodaysExcessToTheTwoBefore()
    {
        // Day 12 (count 5) follows the spike of 12 on day 11.
        var detector = new EarsDetector(EarsMethod.C3);
        var result = detector.Evaluate(s_counts, 12, SeriesFrequency.Daily, s_start);

        double C2(int t)
        {
            var (m, sd) = EarsDetector.MeanAndSd(s_counts.AsSpan(t - 9, 7));
            return (s_counts[t] - m) / sd;
        }

        var c3 = Math.Max(0, C2(10) - 1) + Math.Max(0, C2(11) - 1) + Math.Max(0, C2(12) - 1);
        Assert.Equal(c3 / 2.0, result.Score, 12);
        Assert.Equal(c3 > 2.0, result.Alarm);
        Assert.True(result.Alarm);
    }

    [Fact]
    public void Evaluate_ZeroSpreadBaseline_AnyExcessAlarms()
    {
        double[] counts = [0, 0, 0, 0, 0, 0, 0, 1];
        var result = new EarsDetector(EarsMethod.C1).Evaluate(counts, 7, SeriesFrequency.Daily, s_start);

        Assert.True(result.Alarm);
        Assert.Equal(0.0, result.UpperBound);
    }

    [Fact]
    public void Evaluate_TooLittleHistory_IsNotEvaluated()
    {
        var result = new EarsDetector(EarsMethod.C2).Evaluate(s_counts, 8, SeriesFrequency.Daily, s_start);

        Assert.False(result.IsEvaluated);
        Assert.False(result.Alarm);
    }

    [Fact]
    public void Constructor_Sensitivity_ScalesTheTailProbabilityOfTheThreshold()
    {
        var twice = new EarsDetector(EarsMethod.C1, 2.0);

        Assert.Equal(3.0, new EarsDetector(EarsMethod.C1).Threshold);
        Assert.Equal(2 * (1 - Normal.CDF(0, 1, 3)), 1 - Normal.CDF(0, 1, twice.Threshold), 12);
    }
}
