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
