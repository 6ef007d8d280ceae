namespace Vigia.Detection;

/// <summary>Creates detectors by the names the command line, the API and the alerting rules use.</summary>
public static class Detectors
{
    /// <summary>Every name <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "threshold", "ears-c1", "ears-c2", "ears-c3", "nb-regression", "nb-cusum"];

    /// <summary>
    /// Creates a detector. <paramref name="sensitivity"/> multiplies the false-alarm rate each detector aims at
    /// (1 keeps its default); the threshold rule ("3 or more within 2 days") has no rate and ignores it.
    /// </summary>
    public static IDetector Create(string name, double sensitivity = 1.0)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sensitivity);
        return name.Trim().ToLowerInvariant() switch
        {
            "auto" => new AutomaticDetector(sensitivity),
            "threshold" => new ThresholdDetector(3, 2),
            "ears-c1" => new EarsDetector(EarsMethod.C1, sensitivity),
            "ears-c2" => new EarsDetector(EarsMethod.C2, sensitivity),
            "ears-c3" => new EarsDetector(EarsMethod.C3, sensitivity),
            "nb-regression" => new NegativeBinomialRegressionDetector(Math.Min(0.5, NegativeBinomialRegressionDetector.DefaultAlpha * sensitivity)),
            "nb-cusum" => new NegativeBinomialCusumDetector(Math.Min(0.5, NegativeBinomialCusumDetector.DefaultAlarmRate * sensitivity)),
            _ => throw new ArgumentException($"Unknown detector '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
