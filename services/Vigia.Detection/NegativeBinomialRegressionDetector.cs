using Vigia.Detection.Baselines;

namespace Vigia.Detection;

/// <summary>
/// The regression baseline in the manner of Farrington and Noufaily: trend, annual seasonality, weekday shares for daily
/// series, past outbreaks down-weighted, recent points left out of the fit. A point alarms when its count is improbable
/// under the negative-binomial predictive distribution: P(Y ≥ y) ≤ α. Score is ln p / ln α (1 or more alarms).
/// </summary>
public sealed class NegativeBinomialRegressionDetector(double alpha = NegativeBinomialRegressionDetector.DefaultAlpha, BaselineOptions? daily = null, BaselineOptions? weekly = null) : IDetector
{
    public const double DefaultAlpha = 0.005;

    private readonly BaselineOptions _daily = daily ?? BaselineOptions.For(SeriesFrequency.Daily);
    private readonly BaselineOptions _weekly = weekly ?? BaselineOptions.For(SeriesFrequency.Weekly);

    public string Name => "nb-regression";

    public double Alpha { get; } = alpha is > 0 and < 1 ? alpha : throw new ArgumentOutOfRangeException(nameof(alpha), "α must lie in (0, 1).");

    private readonly double _z = MathNet.Numerics.Distributions.Normal.InvCDF(0.0, 1.0, 1.0 - Math.Clamp(alpha, 1e-12, 0.5));

    public DetectionResult Evaluate(ReadOnlySpan<double> counts, int t, SeriesFrequency frequency, DateOnly firstDate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t, counts.Length);
        var prediction = BaselineTrack.PredictOne(counts, t, frequency, firstDate, OptionsFor(frequency));
        return Judge(counts[t], prediction);
    }

    public DetectionResult[] EvaluateAll(ReadOnlySpan<double> counts, SeriesFrequency frequency, DateOnly firstDate)
    {
        var predictions = BaselineTrack.Predict(counts, 0, counts.Length, frequency, firstDate, OptionsFor(frequency));
        var results = new DetectionResult[counts.Length];
        for (var t = 0; t < counts.Length; t++)
        {
            results[t] = Judge(counts[t], predictions[t]);
        }

        return results;
    }

    private BaselineOptions OptionsFor(SeriesFrequency frequency) => frequency == SeriesFrequency.Daily ? _daily : _weekly;

    private DetectionResult Judge(double observed, BaselinePrediction prediction)
    {
        if (!prediction.IsAvailable)
        {
            return DetectionResult.NotEvaluated(observed, Name);
        }

        var p = CountDistribution.UpperTail(observed, prediction.Mean, prediction.Dispersion);
        var upper = CountDistribution.UpperBound(prediction.Mean, prediction.Dispersion, Alpha, _z);
        return new DetectionResult(p <= Alpha, observed, prediction.Mean, upper, Scores.FromPValue(p, Alpha), Name) { PValue = p };
    }
}
