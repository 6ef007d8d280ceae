using MathNet.Numerics;

namespace Vigia.Detection.Tests;

public class CountDistributionTests
{
    [Fact]
    public void UpperTail_MatchesRPnbinomAndPpois()
    {
        foreach (var row in RReferenceFile.Read("tails.csv"))
        {
            var expected = row.Number("upper_tail");
            var actual = CountDistribution.UpperTail(row.Number("y"), row.Number("mu"), row.Number("phi"));
            Assert.True(
                Math.Abs(actual - expected) <= 1e-12 + 1e-9 * expected,
                $"mu {row["mu"]}, phi {row["phi"]}, y {row["y"]}: R {expected}, Vigia {actual}");
        }
    }

    [Fact]
    public void UpperBound_MatchesRQnbinomAndQpois()
    {
        foreach (var row in RReferenceFile.Read("tails.csv"))
        {
            var expected = row.Number("upper_bound");
            var actual = CountDistribution.UpperBound(row.Number("mu"), row.Number("phi"), row.Number("alpha"));
            Assert.True(expected == actual, $"mu {row["mu"]}, phi {row["phi"]}, alpha {row["alpha"]}: R {expected}, Vigia {actual}");
        }
    }

    [Theory]
    [InlineData(9.0, 1.5, 25.0)]
    [InlineData(0.3, 1.2, 2.0)]
    [InlineData(40.0, 2.0, 30.0)]
    [InlineData(3.7, 2.5, 1.0)]
    public void UpperTail_AgreesWithMathNetIncompleteBeta(double mean, double dispersion, double y)
    {
        // P(Y ≥ y) = I_{1−p}(y, r) for size r = μ/(φ−1) and p = 1/φ.
        var expected = SpecialFunctions.BetaRegularized(y, mean / (dispersion - 1), 1 - 1 / dispersion);

        Assert.Equal(expected, CountDistribution.UpperTail(y, mean, dispersion), 12);
    }

    /// <summary>
    /// Counts or dispersions far beyond real series, where summing term by term would take millions of terms (or
    /// P(Y = 0) underflows): the answers still match R (<c>pnbinom</c>/<c>ppois</c> upper tails and
    /// <c>qnbinom</c>/<c>qpois</c> at 1 − α, computed with R 4.2 for these rows), in bounded work.
    /// </summary>
    [Theory]
    [InlineData(10.0, 1e4, 5e4, 1.1508265285816858e-06, 2648.0)] // a tail that decays by 1/10,000 a step
    [InlineData(1e7, 2.0, 1e6, 1.0, 10013824.0)] // far below a huge mean
    [InlineData(2e9, 1e6, 3e9, 1.3744818078335967e-84, 2141053930.0)]
    [InlineData(1e6, 1.0, 9.99e5, 0.84146575160332515, 1003092.0)] // Poisson, a huge mean
    public void HugeCountsOrDispersion_MatchR(double mean, double dispersion, double y, double rTail, double rBound)
    {
        const double alpha = 0.001;

        var tail = CountDistribution.UpperTail(y, mean, dispersion);
        var bound = CountDistribution.UpperBound(mean, dispersion, alpha);
        var (walkBound, walkTail) = CountDistribution.WalkFromZero(y, mean, dispersion, alpha);

        Assert.True(Math.Abs(tail - rTail) <= 1e-9 + 1e-5 * rTail, $"UpperTail {tail}, R {rTail}");
        Assert.True(Math.Abs(walkTail - rTail) <= 1e-9 + 1e-5 * rTail, $"WalkFromZero's tail {walkTail}, R {rTail}");
        // Exact below ten million; at two billion MathNet's incomplete beta leaves a relative 1e-8 (29 counts).
        Assert.True(Math.Abs(bound - rBound) <= 1e-7 * rBound, $"UpperBound {bound}, R {rBound}");
        Assert.Equal(bound, walkBound);
    }

    [Fact]
    public void UpperTail_ZeroMean_AnyCountIsImpossible()
    {
        Assert.Equal(0.0, CountDistribution.UpperTail(1, 0, 1));
        Assert.Equal(1.0, CountDistribution.UpperTail(0, 0, 1));
    }

    [Fact]
    public void UpperBound_IsTheLargestCountThatDoesNotAlarm()
    {
        const double Alpha = 0.005;
        var bound = CountDistribution.UpperBound(9, 1.5, Alpha);

        Assert.True(CountDistribution.UpperTail(bound, 9, 1.5) > Alpha);
        Assert.True(CountDistribution.UpperTail(bound + 1, 9, 1.5) <= Alpha);
    }

    [Theory]
    [InlineData(0.05, 1.0)]
    [InlineData(0.3, 1.5)]
    [InlineData(2.0, 3.0)]
    [InlineData(6.5, 1.2)]
    public void WalkFromZero_AgreesWithTheLogGammaTailAndBound(double mean, double dispersion)
    {
        foreach (var alpha in new[] { 1e-4, 0.005, 0.05 })
        {
            for (var y = 0; y < 15; y++)
            {
                var (bound, tail) = CountDistribution.WalkFromZero(y, mean, dispersion, alpha);

                Assert.Equal(CountDistribution.UpperBound(mean, dispersion, alpha), bound);
                Assert.Equal(CountDistribution.UpperTail(y, mean, dispersion), tail, 12);
            }
        }
    }
}
