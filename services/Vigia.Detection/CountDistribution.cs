using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Vigia.Detection;

/// <summary>
/// Tail probabilities of a count with mean μ and variance φμ: negative binomial with size μ/(φ−1) and probability 1/φ
/// when φ &gt; 1 (the quasi-Poisson parameterisation Farrington and Noufaily use), Poisson otherwise.
/// </summary>
/// <remarks>
/// Tails are summed term by term from a log-gamma starting point (MathNet's GammaLn), walking away from the mode: a few
/// dozen multiplications where the incomplete beta and gamma functions cost microseconds, which matters at one call per
/// point over millions of points. The tests check the sums against MathNet's regularised incomplete functions.
/// </remarks>
internal static class CountDistribution
{
    /// <summary>Dispersion at or below this is treated as Poisson, where the negative binomial's size runs off to infinity.</summary>
    private const double PoissonDispersion = 1.0 + 1e-6;

    private const double Negligible = 1e-17;

    /// <summary>
    /// The most terms a walk sums before it gives way to <see cref="ExactUpperTail"/>. Real series stop within a few
    /// dozen; a count of millions, or a dispersion in the thousands (one absurd day in a sparse series), would take
    /// millions of terms per point and hold the rule's evaluation for hours.
    /// </summary>
    private const int MaxTerms = 4096;

    /// <summary>P(Y ≥ y); y is rounded up to a whole count.</summary>
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

        var pmf = new Pmf(mean, dispersion);
        if (k > Math.Floor(mean))
        {
            // Past the mode the terms only shrink: sum upward from k.
            var term = Math.Exp(pmf.Log(k));
            var sum = term;
            var terms = 0;
            for (var j = k; term > Negligible * sum; j++)
            {
                if (++terms > MaxTerms)
                {
                    return ExactUpperTail(k, mean, dispersion);
                }

                term *= pmf.Ratio(j);
                sum += term;
            }

            return Math.Min(1.0, sum);
        }

        // At or below the mean the lower tail is the small side: 1 − P(Y ≤ k − 1), summed downward.
        var lower = Math.Exp(pmf.Log(k - 1));
        var cumulative = lower;
        var steps = 0;
        for (var j = k - 1; j > 0 && lower > Negligible * cumulative; j--)
        {
            if (++steps > MaxTerms)
            {
                return ExactUpperTail(k, mean, dispersion);
            }

            lower /= pmf.Ratio(j - 1);
            cumulative += lower;
        }

        return Math.Max(0.0, 1.0 - cumulative);
    }

    /// <summary>
    /// P(Y ≥ k) from MathNet's regularised incomplete functions, whose cost does not grow with k or φ: the
    /// negative binomial's is I₁₋ₚ(k, size), the Poisson's P(k, μ). The walks give way to it past <see cref="MaxTerms"/>.
    /// </summary>
    private static double ExactUpperTail(double k, double mean, double dispersion)
    {
        if (k <= 0)
        {
            return 1.0;
        }

        var tail = dispersion <= PoissonDispersion
            ? SpecialFunctions.GammaLowerRegularized(k, mean)
            : SpecialFunctions.BetaRegularized(k, mean / (dispersion - 1.0), 1.0 - 1.0 / dispersion);
        return Math.Clamp(tail, 0.0, 1.0);
    }

    /// <summary>
    /// The largest u with P(Y ≥ u) &gt; α by bisection on <see cref="ExactUpperTail"/>: the walks' answer, in a bounded
    /// number of steps, for where they would take too long.
    /// </summary>
    private static double ExactUpperBound(double mean, double dispersion, double alpha)
    {
        // P(Y ≥ low) > α always holds at 0; widen until P(Y ≥ high) ≤ α.
        var low = 0.0;
        var high = Math.Max(1.0, Math.Ceiling(mean));
        while (ExactUpperTail(high, mean, dispersion) > alpha)
        {
            low = high;
            high *= 2.0;
            if (high > 1e300)
            {
                return double.MaxValue;
            }
        }

        while (high - low > 1.0)
        {
            var middle = Math.Floor(low + (high - low) / 2.0);
            if (ExactUpperTail(middle, mean, dispersion) > alpha)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>
    /// The largest count that does not alarm at level α, i.e. the largest u with P(Y ≥ u) &gt; <paramref name="alpha"/>: a
    /// count alarms exactly when it exceeds u. This is R's <c>qnbinom(1 − α, …)</c> (or <c>qpois</c>), Noufaily's threshold.
    /// <paramref name="z"/> is the standard normal (1 − α) quantile, the starting guess.
    /// </summary>
    public static double UpperBound(double mean, double dispersion, double alpha, double z)
    {
        if (!(mean > 0))
        {
            return 0.0;
        }

        // P(Y ≥ q) at a normal guess, then step: P(Y ≥ q + 1) = P(Y ≥ q) − P(Y = q).
        var pmf = new Pmf(mean, dispersion);
        var q = Math.Max(1.0, Math.Floor(mean + z * Math.Sqrt(mean * Math.Max(1.0, dispersion))) + 1.0);
        var tail = UpperTail(q, mean, dispersion);
        var at = Math.Exp(pmf.Log(q));
        var steps = 0;
        if (tail > alpha)
        {
            while (tail > alpha && at > 0)
            {
                if (++steps > MaxTerms)
                {
                    return ExactUpperBound(mean, dispersion, alpha);
                }

                tail -= at;
                at *= pmf.Ratio(q);
                q++;
            }

            return q - 1.0;
        }

        while (q > 1)
        {
            if (++steps > MaxTerms)
            {
                return ExactUpperBound(mean, dispersion, alpha);
            }

            at /= pmf.Ratio(q - 1);
            if (tail + at > alpha)
            {
                break;
            }

            tail += at;
            q--;
        }

        return q - 1.0;
    }

    /// <summary>
    /// For small means (the sparse scan): the largest count that does not alarm at level α and P(Y ≥ y), walking the
    /// distribution up from zero, which needs no log-gamma at all. The tail is exact to about 1e-15 absolute, so it serves
    /// the ranking of windows; an alarming count should be re-scored with <see cref="UpperTail"/>.
    /// </summary>
    public static (double UpperBound, double Tail) WalkFromZero(double y, double mean, double dispersion, double alpha)
    {
        if (!(mean > 0))
        {
            return (0.0, y > 0 ? 0.0 : 1.0);
        }

        var poisson = dispersion <= PoissonDispersion;
        var size = poisson ? 0.0 : mean / (dispersion - 1.0);
        var failure = poisson ? 0.0 : 1.0 - 1.0 / dispersion;
        var term = poisson ? Math.Exp(-mean) : Math.Exp(-size * Math.Log(dispersion));
        var k = Math.Ceiling(y - 1e-9);
        if (term == 0.0)
        {
            // P(Y = 0) underflows (a mean in the hundreds or more): there is no walking up from zero.
            return NotSmall(k, mean, dispersion, alpha);
        }

        var below = 0.0;
        var tail = 1.0;
        var bound = -1.0;
        for (var j = 0.0; bound < 0 || j <= k; j++)
        {
            if (j > MaxTerms)
            {
                // Not small after all: a huge count or dispersion.
                return NotSmall(k, mean, dispersion, alpha);
            }

            // Here below = P(Y < j), term = P(Y = j).
            if (j == k)
            {
                tail = 1.0 - below;
            }

            if (bound < 0 && 1.0 - below - term <= alpha)
            {
                bound = j;
            }

            below += term;
            term *= poisson ? mean / (j + 1.0) : (j + size) / (j + 1.0) * failure;
            if (term == 0.0)
            {
                // Nothing left above: what has not been reached has probability (numerically) zero.
                bound = bound < 0 ? j : bound;
                tail = j < k ? Math.Max(0.0, 1.0 - below) : tail;
                break;
            }
        }

        return (bound, Math.Max(0.0, tail));
    }

    // The general functions, which bound their own work, for where walking up from zero does not pay.
    private static (double UpperBound, double Tail) NotSmall(double k, double mean, double dispersion, double alpha) =>
        (UpperBound(mean, dispersion, alpha), UpperTail(k, mean, dispersion));

    public static double UpperBound(double mean, double dispersion, double alpha) =>
        UpperBound(mean, dispersion, alpha, Normal.InvCDF(0.0, 1.0, 1.0 - alpha));

    /// <summary>log P(Y = y) under the negative binomial with this mean and dispersion (Poisson at dispersion 1).</summary>
    public static double LogProbability(double y, double mean, double dispersion) => new Pmf(mean, dispersion).Log(y);

    /// <summary>The probability mass function in the two forms the walks need: its logarithm, and the ratio of neighbours.</summary>
    private readonly struct Pmf
    {
        private readonly bool _poisson;
        private readonly double _mean;
        private readonly double _logMean;
        private readonly double _size;
        private readonly double _failure;
        private readonly double _logSuccess;
        private readonly double _logFailure;
        private readonly double _logGammaSize;

        public Pmf(double mean, double dispersion)
        {
            _mean = mean;
            _poisson = dispersion <= PoissonDispersion;
            _logMean = Math.Log(mean);
            if (!_poisson)
            {
                _size = mean / (dispersion - 1.0);
                _failure = 1.0 - 1.0 / dispersion;
                _logSuccess = -Math.Log(dispersion);
                _logFailure = Math.Log(_failure);
                _logGammaSize = SpecialFunctions.GammaLn(_size);
            }
        }

        public double Log(double k) => _poisson
            ? k * _logMean - _mean - SpecialFunctions.GammaLn(k + 1.0)
            : SpecialFunctions.GammaLn(k + _size) - _logGammaSize - SpecialFunctions.GammaLn(k + 1.0) + _size * _logSuccess + k * _logFailure;

        /// <summary>P(Y = k + 1) / P(Y = k).</summary>
        public double Ratio(double k) => _poisson ? _mean / (k + 1.0) : (k + _size) / (k + 1.0) * _failure;
    }
}
