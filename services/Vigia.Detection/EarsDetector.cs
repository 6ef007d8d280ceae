using MathNet.Numerics.Distributions;

namespace Vigia.Detection;

/// <summary>
/// EARS C1, C2 and C3 as the CDC defines them: C1 = (y − mean)/sd over the 7 points before t, C2 the same over
/// t−9 … t−3, both alarming above 3; C3 = Σ max(0, C2 − 1) over t, t−1, t−2, alarming above 2.
/// A baseline with zero standard deviation alarms on any count above its mean (as R's <c>surveillance::earsC</c> does).
/// </summary>
/// <remarks>
/// R's <c>surveillance::earsC</c> (1.20.3) uses 3.09 and 1.96 as its default thresholds (α = 0.001 and 0.025) and its C3
/// upper bound leaves out the current point's term; the tests pin C1, C2 and the C3 terms against it.
/// </remarks>
public sealed class EarsDetector : IDetector
{
    private const int Baseline = 7;

    private readonly double _threshold;

    /// <param name="method">C1, C2 or C3.</param>
    /// <param name="sensitivity">Multiplies the normal tail probability of the threshold: 1 keeps the CDC's 3 (C1, C2) and 2 (C3).</param>
    public EarsDetector(EarsMethod method, double sensitivity = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sensitivity);
        Method = method;
        var cdcThreshold = method == EarsMethod.C3 ? 2.0 : 3.0;
        _threshold = sensitivity == 1.0
            ? cdcThreshold
            : Normal.InvCDF(0.0, 1.0, 1.0 - Math.Min(0.5, sensitivity * (1.0 - Normal.CDF(0.0, 1.0, cdcThreshold))));
        Name = method switch
        {
            EarsMethod.C1 => "ears-c1",
            EarsMethod.C2 => "ears-c2",
            _ => "ears-c3",
        };
    }

    public string Name { get; }

    public EarsMethod Method { get; }

    /// <summary>The statistic a point must exceed to alarm.</summary>
    public double Threshold => _threshold;

    public DetectionResult Evaluate(ReadOnlySpan<double> counts, int t, SeriesFrequency frequency, DateOnly firstDate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t, counts.Length);
        var observed = counts[t];
        if (Method != EarsMethod.C3)
        {
            var lag = Method == EarsMethod.C1 ? 1 : 3;
            if (t - lag - Baseline + 1 < 0)
            {
                return DetectionResult.NotEvaluated(observed, Name);
            }

            var (mean, sd) = MeanAndSd(counts.Slice(t - lag - Baseline + 1, Baseline));
            var upper = mean + _threshold * sd;
            var alarm = observed > upper;
            var statistic = Standardise(observed, mean, sd);
            return new DetectionResult(alarm, observed, mean, upper, statistic / _threshold, Name);
        }

        // C3 needs C2 on t−2, t−1 and t, each with its own 7-point baseline ending 3 points earlier.
        if (t - 2 - 3 - Baseline + 1 < 0)
        {
            return DetectionResult.NotEvaluated(observed, Name);
        }

        var lagged = LaggedC3Terms(counts, t);
        var (meanT, sdT) = MeanAndSd(counts.Slice(t - 3 - Baseline + 1, Baseline));
        var c3 = lagged + Math.Max(0.0, Standardise(observed, meanT, sdT) - 1.0);

        // The count that would bring C3 to its threshold given the two lagged terms; −1 when the lagged terms alone alarm.
        var room = _threshold - lagged;
        var upperT = room < 0 ? -1.0 : meanT + sdT * (1.0 + room);
        return new DetectionResult(c3 > _threshold, observed, meanT, upperT, c3 / _threshold, Name);
    }

    /// <summary>Σ max(0, C2 − 1) over t − 2 and t − 1: the part of C3 that the current count does not change.</summary>
    internal static double LaggedC3Terms(ReadOnlySpan<double> counts, int t)
    {
        var lagged = 0.0;
        for (var s = t - 2; s < t; s++)
        {
            var (m, d) = MeanAndSd(counts.Slice(s - 3 - Baseline + 1, Baseline));
            lagged += Math.Max(0.0, Standardise(counts[s], m, d) - 1.0);
        }

        return lagged;
    }

    /// <summary>The standardised count; a zero-spread baseline makes any excess infinitely large, as in R.</summary>
    internal static double Standardise(double observed, double mean, double sd)
    {
        if (sd > 0)
        {
            return (observed - mean) / sd;
        }

        return observed > mean ? double.PositiveInfinity : 0.0;
    }

    internal static (double Mean, double Sd) MeanAndSd(ReadOnlySpan<double> values)
    {
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var ss = 0.0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return (mean, Math.Sqrt(ss / (values.Length - 1)));
    }
}
