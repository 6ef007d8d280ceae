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

    /// <summary>
    /// Poisson counts around a level that drifts as a random walk in its logarithm (standard deviation
    /// <paramref name="logStepSd"/> a point), kept within a factor of two of <paramref name="mean"/>: homicide series that
    /// wander over months.
    /// </summary>
    public static double[] Drifting(int length, double mean, double logStepSd, int seed)
    {
        var random = new Random(seed);
        var counts = new double[length];
        var logLevel = 0.0;
        for (var t = 0; t < length; t++)
        {
            logLevel = Math.Clamp(logLevel + Normal.Sample(random, 0, logStepSd), -Math.Log(2), Math.Log(2));
            counts[t] = Poisson.Sample(random, mean * Math.Exp(logLevel));
        }

        return counts;
    }
}
