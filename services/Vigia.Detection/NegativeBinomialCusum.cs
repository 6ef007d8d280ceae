using MathNet.Numerics.RootFinding;

namespace Vigia.Detection;

/// <summary>
/// The negative-binomial CUSUM of Hawkins and Olwell (1998) as Watkins et al. (2008) use it: each point adds the log
/// likelihood ratio of its count between the baseline NB(μ, size r) and the same size shifted to μ + δ·sd.
/// The ratio is linear in the count, a·y − b, which makes the count that would alarm easy to state.
/// </summary>
internal static class NegativeBinomialCusum
{
    public static (double Slope, double Intercept) Increment(double mean, double dispersion, double shiftSd)
    {
        var sd = Math.Sqrt(mean * Math.Max(1.0, dispersion));
        var shifted = mean + shiftSd * sd;
        if (dispersion <= 1.0 + 1e-6)
        {
            return (Math.Log(shifted / mean), shifted - mean);
        }

        var size = mean / (dispersion - 1.0);
        var slope = Math.Log(shifted * (size + mean) / (mean * (size + shifted)));
        var intercept = size * Math.Log((size + shifted) / (size + mean));
        return (slope, intercept);
    }

    /// <summary>
    /// The decision interval h giving about <paramref name="alarmRate"/> false alarms per point, from Siegmund's
    /// approximation of the in-control run length of a CUSUM for a normal mean shift of δ standard deviations.
    /// </summary>
    public static double Threshold(double alarmRate, double shiftSd)
    {
        var k = shiftSd / 2.0;
        var targetRunLength = 1.0 / alarmRate;
        double RunLength(double h)
        {
            var b = 2.0 * k * (h / shiftSd + 1.166);
            return (Math.Exp(b) - b - 1.0) / (2.0 * k * k);
        }

        return Bisection.FindRoot(h => Math.Log(RunLength(h)) - Math.Log(targetRunLength), 1e-3, 100.0, 1e-6);
    }

    /// <summary>The largest count that keeps the statistic below h, given the statistic before this point.</summary>
    public static double UpperBound(double previous, double slope, double intercept, double threshold)
    {
        var limit = (threshold - previous + intercept) / slope;
        return Math.Max(-1.0, Math.Ceiling(limit) - 1.0);
    }
}
