namespace Vigia.Detection;

/// <summary>Result of evaluating one time point.</summary>
/// <param name="Alarm">Whether the point alarms.</param>
/// <param name="Observed">What the detector tested: the point's count, or the sum over <see cref="Window"/> points for window rules.</param>
/// <param name="Expected">What the series' history predicts for <paramref name="Observed"/>.</param>
/// <param name="UpperBound">The largest value of <paramref name="Observed"/> that would not alarm (for the automatic default, of the count, given every rule).</param>
/// <param name="Score">How far past its threshold the point stands; 1 or more means alarm for most detectors.</param>
/// <param name="Method">The detector (or, for the automatic default, the component) that decided.</param>
public readonly record struct DetectionResult(bool Alarm, double Observed, double Expected, double UpperBound, double Score, string Method)
{
    /// <summary>A point the detector cannot judge yet (too little history): no alarm, and NaN for what it could not compute.</summary>
    public static DetectionResult NotEvaluated(double observed, string method) =>
        new(false, observed, double.NaN, double.NaN, 0.0, method);

    /// <summary>P(a count at least as large as the observed one | the baseline), for detectors that compute one; NaN otherwise.</summary>
    public double PValue { get; init; } = double.NaN;

    /// <summary>How many points <see cref="Observed"/> sums: 1 for the point itself, more for window rules (threshold, nb-window).</summary>
    public int Window { get; init; } = 1;

    /// <summary>Whether the detector had enough history to judge the point.</summary>
    public bool IsEvaluated => !double.IsNaN(Expected);
}
