using MathNet.Numerics.Distributions;

namespace Vigia.Detection.Tests;

/// <summary>Test series: seeded negative-binomial counts and hand-written patterns.</summary>
internal static class SeriesBuilder
{
    /// <summary>Counts with mean <paramref name="mean"/> and variance φ·mean, from a fixed seed.</summary>
    public static double[] NegativeBinomial(int length, double mean, double dispersion, int seed)
    {
        var random = new Random(seed);
        var counts = new double[length];
        for (var t = 0; t < length; t++)
        {
            var rate = dispersion > 1 ? Gamma.Sample(random, mean / (dispersion - 1), 1 / (dispersion - 1)) : mean;
            counts[t] = rate > 0 ? Poisson.Sample(random, rate) : 0;
        }

        return counts;
    }
}
