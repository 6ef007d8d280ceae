using MathNet.Numerics;

namespace Vigia.Detection;

/// <summary>
/// Tail probabilities of a count with mean μ and variance φμ: negative binomial with size μ/(φ−1) and
/// probability 1/φ when φ &gt; 1 (the quasi-Poisson parameterisation Farrington and Noufaily use), Poisson otherwise.
/// </summary>
internal static class CountDistribution
{
    /// <summary>Dispersion at or below this is treated as Poisson, where the negative binomial's size runs off to infinity.</summary>
    private const double PoissonDispersion = 1.0 + 1e-6;

    /// <summary>P(Y ≥ y).</summary>
    public static double UpperTail(double y, double mean, double dispersion)
    {
        var k = Math.Ceiling(y - 1e-9);
        if (k <= 0)
        {
            return 1.0;
        }

        if (!(mean > 0))
        {
            return 0.0;
        }

        if (dispersion <= PoissonDispersion)
        {
            return SpecialFunctions.GammaLowerRegularized(k, mean);
        }

        // P(Y ≥ k) = I_{1−p}(k, r) for size r and success probability p.
        var size = mean / (dispersion - 1.0);
        return SpecialFunctions.BetaRegularized(k, size, 1.0 - 1.0 / dispersion);
    }

    /// <summary>
    /// The largest count u with P(Y &gt; u) &gt; <paramref name="alpha"/>, so that a count alarms at level α exactly when it exceeds u.
    /// </summary>
    public static double UpperBound(double mean, double dispersion, double alpha)
    {
        if (!(mean > 0))
        {
            return 0.0;
        }

        // Start from a Cornish-Fisher-free normal guess and walk to the exact integer.
        var sd = Math.Sqrt(mean * Math.Max(1.0, dispersion));
        var z = MathNet.Numerics.Distributions.Normal.InvCDF(0.0, 1.0, 1.0 - alpha);
        var u = Math.Max(0.0, Math.Floor(mean + z * sd));
        if (UpperTail(u + 1, mean, dispersion) > alpha)
        {
            do
            {
                u++;
            }
            while (UpperTail(u + 1, mean, dispersion) > alpha);
            return u;
        }

        while (u > 0 && UpperTail(u, mean, dispersion) <= alpha)
        {
            u--;
        }

        return u;
    }
}
