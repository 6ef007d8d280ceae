using MathNet.Numerics.Distributions;

namespace Vigia.Detection.Tests;

/// <summary>Test series: seeded negative-binomial counts and hand-written patterns.</summary>
internal static class SeriesBuilder
{
    /// <summary>Counts with mean <paramref name="mean"/> and variance φ·mean, from a fixed seed.</summary>
    public static double[] NegativeBinomial(int length, double mean, double dispersion, int seed) =>
        NegativeBinomial(length, _ => mean, dispersion, seed);

    /// <summary>Counts whose mean at point t is <paramref name="mean"/>(t), with variance φ times that mean.</summary>
    public static double[] NegativeBinomial(int length, Func<int, double> mean, double dispersion, int seed)
    {
        var random = new Random(seed);
        var counts = new double[length];
        for (var t = 0; t < length; t++)
        {
            var mu = mean(t);
            var rate = dispersion > 1 ? Gamma.Sample(random, mu / (dispersion - 1), 1 / (dispersion - 1)) : mu;
            counts[t] = rate > 0 ? Poisson.Sample(random, rate) : 0;
        }

        return counts;
    }
}
