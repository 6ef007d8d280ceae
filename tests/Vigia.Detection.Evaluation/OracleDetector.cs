using Vigia.Detection;

namespace Vigia.Detection.Evaluation;

/// <summary>
/// The yardstick of the simulated groups: a one-point test that knows the true baseline (mean and dispersion) of the
/// simulation. For a spike, whose likelihood ratio grows with the count, it is the most powerful test at its level, so no
/// detector can find more spikes at the same false-alarm rate; it says how much any detector could gain.
/// </summary>
internal static class OracleDetector
{
    public static bool[] Alarms(EvaluationSeries series, double alpha)
    {
        var alarms = new bool[series.Length];
        if (series.TrueMean is not { } mean)
        {
            return alarms;
        }

        for (var t = series.EvaluationStart; t < series.Length; t++)
        {
            alarms[t] = CountDistribution.UpperTail(series.Counts[t], mean[t], series.TrueDispersion) <= alpha;
        }

        return alarms;
    }
}
