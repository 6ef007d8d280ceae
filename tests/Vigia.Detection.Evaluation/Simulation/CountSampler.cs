using MathNet.Numerics.Distributions;

namespace Vigia.Detection.Evaluation.Simulation;

/// <summary>Draws counts with mean μ and variance φμ: a gamma–Poisson mixture (negative binomial), Poisson when φ = 1.</summary>
internal static class CountSampler
{
    public static int NegativeBinomial(Random random, double mean, double dispersion)
    {
        if (!(mean > 0))
        {
            return 0;
        }

        if (dispersion <= 1.0 + 1e-9)
        {
            return Poisson.Sample(random, mean);
        }

        var size = mean / (dispersion - 1.0);
        var rate = Gamma.Sample(random, size, size / mean);
        return rate > 0 ? Poisson.Sample(random, rate) : 0;
    }
}
