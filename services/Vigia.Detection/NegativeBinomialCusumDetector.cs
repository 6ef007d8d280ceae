using Vigia.Detection.Baselines;

namespace Vigia.Detection;

/// <summary>
/// A negative-binomial CUSUM over the regression baseline, for small sustained waves: S_t = max(0, S_{t−1} + LLR_t) with
/// the log likelihood ratio of a shift of <c>shiftSd</c> standard deviations, alarming at S_t ≥ h and starting again from
/// zero after an alarm. h is set from a target false-alarm rate per point. Score is S_t / h.
/// </summary>
public sealed class NegativeBinomialCusumDetector : IDetector
{
    public const double DefaultAlarmRate = 0.005;

    private readonly BaselineOptions _daily;
    private readonly BaselineOptions _weekly;

    /// <param name="decisionInterval">h itself, when the caller sets it; otherwise it follows from <paramref name="alarmRate"/>.</param>
    public NegativeBinomialCusumDetector(
        double alarmRate = DefaultAlarmRate, double shiftSd = 1.0, BaselineOptions? daily = null, BaselineOptions? weekly = null,
        double? decisionInterval = null)
    {
        if (alarmRate is not (> 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alarmRate), "The alarm rate must lie in (0, 1).");
        }

        if (decisionInterval is { } h && !(double.IsFinite(h) && h > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(decisionInterval), "The decision interval must be a positive number.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shiftSd);
        ShiftSd = shiftSd;
        DecisionInterval = decisionInterval ?? NegativeBinomialCusum.Threshold(alarmRate, shiftSd);
        _daily = daily ?? BaselineOptions.For(SeriesFrequency.Daily);
        _weekly = weekly ?? BaselineOptions.For(SeriesFrequency.Weekly);
    }

    public string Name => "nb-cusum";

    /// <summary>The shift, in baseline standard deviations, the CUSUM is tuned to find.</summary>
    public double ShiftSd { get; }

    /// <summary>h: the statistic alarms when it reaches this.</summary>
    public double DecisionInterval { get; }

    /// <summary>Replays the CUSUM from the start of the series up to t; the state at t depends on counts[0..t] only.</summary>
    public bool ReplaysHistory => true;

    public DetectionResult Evaluate(ReadOnlySpan<double> counts, int t, SeriesFrequency frequency, DateOnly firstDate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t, counts.Length);
        return EvaluateAll(counts[..(t + 1)], frequency, firstDate)[t];
    }

    public DetectionResult[] EvaluateAll(ReadOnlySpan<double> counts, SeriesFrequency frequency, DateOnly firstDate)
    {
        var options = frequency == SeriesFrequency.Daily ? _daily : _weekly;
        var predictions = BaselineTrack.Predict(counts, 0, counts.Length, frequency, firstDate, options);
        var results = new DetectionResult[counts.Length];
        var statistic = 0.0;
        for (var t = 0; t < counts.Length; t++)
        {
            var prediction = predictions[t];
            if (!prediction.IsAvailable)
            {
                results[t] = DetectionResult.NotEvaluated(counts[t], Name);
                continue;
            }

            var (slope, intercept) = NegativeBinomialCusum.Increment(prediction.Mean, prediction.Dispersion, ShiftSd);
            var upper = NegativeBinomialCusum.UpperBound(statistic, slope, intercept, DecisionInterval);
            statistic = Math.Max(0.0, statistic + slope * counts[t] - intercept);
            var alarm = statistic >= DecisionInterval;
            results[t] = new DetectionResult(alarm, counts[t], prediction.Mean, upper, statistic / DecisionInterval, Name);
            if (alarm)
            {
                statistic = 0.0;
            }
        }

        return results;
    }
}
