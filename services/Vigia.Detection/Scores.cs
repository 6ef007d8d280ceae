namespace Vigia.Detection;

/// <summary>Puts the statistics of different detectors on one scale: 1 at the alarm threshold, larger beyond it.</summary>
internal static class Scores
{
    private const double SmallestPValue = 1e-300;

    public static double FromPValue(double p, double alpha) => Math.Log(Math.Max(p, SmallestPValue)) / Math.Log(alpha);
}
