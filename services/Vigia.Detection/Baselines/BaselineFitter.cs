using System.Buffers;

namespace Vigia.Detection.Baselines;

/// <summary>
/// Fits the regression baseline in the manner of Farrington (1996) and Noufaily (2013): a quasi-Poisson log-linear model
/// with trend and annual harmonics, past outbreaks down-weighted by their Anscombe residuals, the most recent points
/// left out. Daily series are fitted on weekly totals, then split by weekday shares when the weekday effect is clear.
/// </summary>
internal static class BaselineFitter
{
    /// <summary>χ² with 6 degrees of freedom at 1 %: weaker weekday differences are treated as noise.</summary>
    private const double WeekdayChiSquare = 16.81;

    /// <summary>Daily Pearson residuals are winsorised here (in units of √φ) before they estimate the dispersion.</summary>
    private const double ResidualCap = 3.0;

    /// <summary>
    /// Fits the model used for points from <paramref name="anchor"/> on, from counts before anchor − guard band.
    /// Returns null when the history is too short.
    /// </summary>
    public static BaselineModel? Fit(ReadOnlySpan<double> counts, int anchor, SeriesFrequency frequency, DateOnly firstDate, BaselineOptions options)
    {
        var block = frequency == SeriesFrequency.Daily ? 7 : 1;
        var guard = Math.Min(options.GuardPoints, Math.Max(0, anchor - options.MinWindowPoints));
        var end = Math.Min(anchor - guard, counts.Length);
        var length = Math.Min(options.MaxWindowPoints, end);
        length -= length % block;
        if (length < options.MinWindowPoints || length < block)
        {
            return null;
        }

        var start = end - length;
        var window = counts.Slice(start, length);
        var key = FittedBaselines.KeyOf(window, start, anchor, frequency, firstDate, options);
        if (FittedBaselines.TryGet(key, out var fitted))
        {
            return fitted;
        }

        fitted = FitWindow(window, start, anchor, block, frequency, firstDate, options);
        FittedBaselines.Add(key, fitted);
        return fitted;
    }

    /// <summary>
    /// The fit itself, from <paramref name="window"/> (the counts from point <paramref name="start"/> on) alone. Its working
    /// arrays are rented: a back-fill's pass refits every series it replays, and these arrays were over 40 % of what
    /// alerting allocated during a bulk load (docs/benchmarks.md, thirty-third session).
    /// </summary>
    private static BaselineModel FitWindow(
        ReadOnlySpan<double> window, int start, int anchor, int block, SeriesFrequency frequency, DateOnly firstDate, BaselineOptions options)
    {
        var blocks = window.Length / block;
        var scratch = ArrayPool<double>.Shared.Rent(blocks * (5 + PoissonRegression.MaxParameters));
        try
        {
            return FitWindow(window, start, anchor, block, frequency, firstDate, options, new Scratch(scratch, blocks));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    private static BaselineModel FitWindow(
        ReadOnlySpan<double> window, int start, int anchor, int block, SeriesFrequency frequency, DateOnly firstDate, BaselineOptions options,
        Scratch scratch)
    {
        var length = window.Length;
        var blocks = length / block;
        var y = scratch.Y;
        var days = scratch.Days;
        var total = 0.0;
        for (var b = 0; b < blocks; b++)
        {
            var first = start + b * block;
            var sum = 0.0;
            for (var i = first; i < first + block; i++)
            {
                sum += window[i - start];
            }

            y[b] = sum;
            total += sum;
            days[b] = SeriesCalendar.DayNumber(firstDate, first + (block - 1) / 2.0, frequency);
        }

        var originDay = SeriesCalendar.DayNumber(firstDate, anchor, frequency);
        var spanYears = length * SeriesCalendar.DaysPerPoint(frequency) / SeriesCalendar.DaysPerYear;
        var trend = spanYears >= 1.0;
        var harmonics = spanYears >= 2.0 ? options.Harmonics : 0;

        // Ten events per parameter at least; drop seasonality, then trend, until the data can carry the model.
        while (harmonics > 0 && total < 10 * BaselineModel.CountParameters(trend, harmonics))
        {
            harmonics--;
        }

        if (trend && total < 10 * BaselineModel.CountParameters(trend, harmonics))
        {
            trend = false;
        }

        // Blocks are evenly spaced, so their weights form a geometric sequence ending at the most recent block.
        var decay = scratch.Decay;
        var ratio = options.HalfLifeYears > 0 && blocks > 1 ? Math.Pow(0.5, (days[1] - days[0]) / SeriesCalendar.DaysPerYear / options.HalfLifeYears) : 1.0;
        decay[^1] = options.HalfLifeYears > 0 ? Math.Pow(0.5, (originDay - days[^1]) / SeriesCalendar.DaysPerYear / options.HalfLifeYears) : 1.0;
        for (var b = blocks - 2; b >= 0; b--)
        {
            decay[b] = decay[b + 1] * ratio;
        }

        var fit = FitBlocks(scratch, originDay, trend, harmonics, options.ReweightThreshold);
        while (fit is null && (harmonics > 0 || trend))
        {
            if (harmonics > 0)
            {
                harmonics--;
            }
            else
            {
                trend = false;
            }

            fit = FitBlocks(scratch, originDay, trend, harmonics, options.ReweightThreshold);
        }

        fit ??= InterceptOnly(total, scratch.Means);
        var logShares = new double[7];
        var logShareVariance = new double[7];
        var dispersion = fit.Dispersion;
        if (frequency == SeriesFrequency.Daily)
        {
            dispersion = SplitByWeekday(window, firstDate, start, fit, scratch.Means, logShares, logShareVariance);
        }

        return new BaselineModel(
            fit.Beta, trend && fit.Beta.Length > 1, harmonics, originDay, fit.Covariance, logShares, logShareVariance, dispersion, firstDate, frequency);
    }

    /// <summary>The fit's working arrays, one rented array cut in six: the blocks' counts, mid-days, decay, fitted means, weights and design rows.</summary>
    private readonly struct Scratch(double[] array, int blocks)
    {
        public Span<double> Y => array.AsSpan(0, blocks);

        public Span<double> Days => array.AsSpan(blocks, blocks);

        public Span<double> Decay => array.AsSpan(2 * blocks, blocks);

        /// <summary>The fitted mean of each block, once a fit has succeeded.</summary>
        public Span<double> Means => array.AsSpan(3 * blocks, blocks);

        public Span<double> Weights => array.AsSpan(4 * blocks, blocks);

        public Span<double> Design(int parameters) => array.AsSpan(5 * blocks, blocks * parameters);
    }

    private sealed record BlockFit(double[] Beta, double[]? Covariance, double Dispersion);

    /// <summary>Fits the blocks in <paramref name="scratch"/>; on success its means hold the fitted block means.</summary>
    private static BlockFit? FitBlocks(Scratch scratch, double originDay, bool trend, int harmonics, double reweightThreshold)
    {
        ReadOnlySpan<double> y = scratch.Y;
        ReadOnlySpan<double> days = scratch.Days;
        ReadOnlySpan<double> decay = scratch.Decay;
        var n = y.Length;
        var p = BaselineModel.CountParameters(trend, harmonics);
        if (n <= p)
        {
            return null;
        }

        var design = scratch.Design(p);
        BaselineModel.Design(days[0], days.Length > 1 ? days[1] - days[0] : 0.0, n, originDay, trend, harmonics, design);

        var weights = scratch.Weights;
        decay.CopyTo(weights);
        var decaySum = 0.0;
        foreach (var d in decay)
        {
            decaySum += d;
        }

        var beta = new double[p];
        var means = scratch.Means;
        var covariance = new double[p * p];
        var dispersion = 1.0;

        // A plain fit, then two that down-weight the points that look like outbreaks: Farrington reweights once, but weights
        // computed from a fit that an outbreak has pulled up (and whose dispersion it has inflated) leave part of its pull.
        for (var round = 0; round < 3; round++)
        {
            if (!PoissonRegression.Fit(y, design, weights, beta, covariance))
            {
                return null;
            }

            var pearson = 0.0;
            for (var i = 0; i < n; i++)
            {
                means[i] = Math.Exp(PoissonRegression.Dot(design.Slice(i * p, p), beta));
                pearson += weights[i] * (y[i] - means[i]) * (y[i] - means[i]) / means[i];
            }

            dispersion = Math.Max(1.0, pearson / decaySum * n / (n - p));
            if (round == 2)
            {
                break;
            }

            var weightSum = 0.0;
            for (var i = 0; i < n; i++)
            {
                var anscombe = 1.5 * (Math.Cbrt(y[i] * y[i]) / Math.Pow(means[i], 1.0 / 6.0) - Math.Sqrt(means[i])) / Math.Sqrt(dispersion);
                weights[i] = decay[i] * (anscombe > reweightThreshold ? 1.0 / (anscombe * anscombe) : 1.0);
                weightSum += weights[i];
            }

            var normalise = decaySum / weightSum;
            for (var i = 0; i < n; i++)
            {
                weights[i] *= normalise;
            }
        }

        for (var j = 0; j < covariance.Length; j++)
        {
            covariance[j] *= dispersion;
        }

        return new BlockFit(beta, covariance, dispersion);
    }

    /// <summary>A flat baseline for series with almost no events; no events at all counts as half an event (Jeffreys).</summary>
    private static BlockFit InterceptOnly(double total, Span<double> means)
    {
        var events = Math.Max(total, 0.5);
        var mean = events / means.Length;
        var covariance = new[] { 1.0 / events };
        means.Fill(mean);
        return new BlockFit([Math.Log(mean)], covariance, 1.0);
    }

    /// <summary>
    /// Splits the weekly model into days: the weekday's share of the week (uniform unless the weekday effect is clear at 1 %),
    /// and the dispersion of single days from winsorised Pearson residuals. Returns that dispersion.
    /// </summary>
    private static double SplitByWeekday(
        ReadOnlySpan<double> window, DateOnly firstDate, int start, BlockFit fit, ReadOnlySpan<double> means, double[] logShares, double[] logShareVariance)
    {
        Span<double> observed = stackalloc double[7];
        observed.Clear();
        var blockDispersion = fit.Dispersion;
        var firstWeekday = SeriesCalendar.Weekday(firstDate, start);
        for (var b = 0; b < means.Length; b++)
        {
            // Days of one block share its mean; the cap keeps spikes from posing as weekday effects.
            var dayMean = means[b] / 7.0;
            var cap = dayMean + ResidualCap * Math.Sqrt(blockDispersion * dayMean) + 1.0;
            for (var d = 0; d < 7; d++)
            {
                observed[(firstWeekday + d) % 7] += Math.Min(window[b * 7 + d], cap);
            }
        }

        var total = 0.0;
        foreach (var o in observed)
        {
            total += o;
        }

        var useShares = false;
        if (total > 0)
        {
            var expected = total / 7.0;
            var chiSquare = 0.0;
            foreach (var o in observed)
            {
                chiSquare += (o - expected) * (o - expected) / expected;
            }

            useShares = chiSquare / blockDispersion > WeekdayChiSquare;
        }

        Span<double> shares = stackalloc double[7];
        for (var d = 0; d < 7; d++)
        {
            // A weekday with no events at all keeps half an event, so its share is small but not zero.
            shares[d] = useShares ? Math.Max(observed[d], 0.5) / total : 1.0 / 7.0;
            logShares[d] = Math.Log(shares[d]);
        }

        var pearson = 0.0;
        var residualCap = ResidualCap * Math.Sqrt(blockDispersion);
        for (var b = 0; b < means.Length; b++)
        {
            for (var d = 0; d < 7; d++)
            {
                var mean = means[b] * shares[(firstWeekday + d) % 7];
                var r = Math.Min((window[b * 7 + d] - mean) / Math.Sqrt(mean), residualCap);
                pearson += r * r;
            }
        }

        // Winsorising protects the daily estimate from spikes but, where counts are small, also cuts off the clustering that
        // overdispersion is (at a mean of 0.05 a day, φ = 1.5 makes two on one day seven times likelier than Poisson). The
        // weekly estimate sees that clustering whole, and for independent days it is the same φ: take the larger.
        var parameters = fit.Beta.Length + (useShares ? 6 : 0);
        var dispersion = Math.Max(blockDispersion, pearson / Math.Max(1, window.Length - parameters));
        if (useShares)
        {
            for (var d = 0; d < 7; d++)
            {
                var share = Math.Exp(logShares[d]);
                logShareVariance[d] = dispersion * (1.0 - share) / (share * total);
            }
        }

        return dispersion;
    }
}
