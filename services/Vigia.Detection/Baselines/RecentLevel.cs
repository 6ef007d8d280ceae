namespace Vigia.Detection.Baselines;

/// <summary>
/// The automatic default's fit check, after ESSENCE (Burkom et al. 2007), which leaves its regression for an EWMA chart
/// over the 28 days before a short guard band when the regression stops fitting. Our regression is fitted on years of
/// history behind a guard band of weeks, so after a level shift it lags for months (El Salvador's homicides fell fivefold
/// within weeks of March 2022) and its dispersion swells with the misfit. The window of the last
/// <see cref="RecentLevelOptions.SpanPoints"/> points before the guard band measures the recent level against the
/// regression; when the two disagree by more than <see cref="RecentLevelOptions.SwitchZ"/> standard errors, predictions
/// are rescaled to the window's level and spread. Points that alarmed stay out of the window, as the regression
/// down-weights past outbreaks.
/// </summary>
internal sealed class RecentLevel(RecentLevelOptions options)
{
    private readonly double[] _observedRing = new double[options.SpanPoints];
    private readonly BaselinePrediction[] _predictionRing = new BaselinePrediction[options.SpanPoints];
    private int _count;
    private int _next;
    private double _observed;
    private double _expected;
    private double _variance;
    private double _squaredOverExpected;

    /// <summary>Feeds one point (older than the guard band) into the window, dropping the oldest once it is full.</summary>
    public void Add(double observed, BaselinePrediction prediction)
    {
        if (!prediction.IsAvailable)
        {
            return;
        }

        if (_count == _observedRing.Length)
        {
            Accumulate(_observedRing[_next], _predictionRing[_next], -1.0);
        }
        else
        {
            _count++;
        }

        _observedRing[_next] = observed;
        _predictionRing[_next] = prediction;
        Accumulate(observed, prediction, 1.0);
        _next = (_next + 1) % _observedRing.Length;
    }

    /// <summary>A copy to go on from (a replay resumed at a checkpoint), leaving this one as it is.</summary>
    public RecentLevel Copy()
    {
        var copy = new RecentLevel(options)
        {
            _count = _count,
            _next = _next,
            _observed = _observed,
            _expected = _expected,
            _variance = _variance,
            _squaredOverExpected = _squaredOverExpected,
        };
        _observedRing.CopyTo(copy._observedRing, 0);
        _predictionRing.CopyTo(copy._predictionRing, 0);
        return copy;
    }

    /// <summary>Standard errors between the window's total and the regression's; 0 until the window is full.</summary>
    public double Disagreement => _count == _observedRing.Length && _variance > 0 ? (_observed - _expected) / Math.Sqrt(_variance) : 0.0;

    /// <summary>
    /// The prediction to test against: the regression's when it fits the recent past, otherwise rescaled by the ratio of the
    /// window's observed to expected total (half an event added to both, so a month without events lowers the level, not
    /// to zero), with the window's own overdispersion and the ratio's uncertainty.
    /// </summary>
    public BaselinePrediction Adjust(BaselinePrediction prediction, out bool switched)
    {
        switched = prediction.IsAvailable && Math.Abs(Disagreement) > options.SwitchZ;
        if (!switched)
        {
            return prediction;
        }

        var ratio = (_observed + 0.5) / (_expected + 0.5);
        var mean = prediction.Mean * ratio;
        // Pearson's Σ (y − rμ)² / rμ over the window, expanded into running sums; floored at 1 and never above the
        // regression's φ, which the misfit has swollen.
        var pearson = (_squaredOverExpected / ratio - 2.0 * _observed + ratio * _expected) / Math.Max(1, _count - 1);
        var dispersion = Math.Clamp(pearson, 1.0, Math.Max(1.0, prediction.Dispersion));
        // Var(log r) ≈ Var(window total) / total² at the new level.
        var logRatioVariance = dispersion * (_observed + 0.5) / Math.Pow(_observed + 0.5, 2);
        return new BaselinePrediction(mean, dispersion + mean * logRatioVariance);
    }

    private void Accumulate(double observed, BaselinePrediction prediction, double sign)
    {
        _observed += sign * observed;
        _expected += sign * prediction.Mean;
        _variance += sign * prediction.Mean * Math.Max(1.0, prediction.Dispersion);
        _squaredOverExpected += sign * observed * observed / Math.Max(prediction.Mean, 1e-9);
    }
}

/// <summary>How the recent level is measured: the window, the guard band before the point judged, the switch's z.</summary>
public sealed record RecentLevelOptions
{
    /// <summary>The window's length in points.</summary>
    public int SpanPoints { get; init; }

    /// <summary>The most recent points kept out of the window, so a wave under way does not become the new level at once.</summary>
    public int GuardPoints { get; init; }

    /// <summary>Standard errors of disagreement beyond which the recent level replaces the regression's.</summary>
    public double SwitchZ { get; init; } = 3.0;

    public static RecentLevelOptions For(SeriesFrequency frequency) => frequency == SeriesFrequency.Daily
        ? new RecentLevelOptions { SpanPoints = 28, GuardPoints = 7 }
        : new RecentLevelOptions { SpanPoints = 8, GuardPoints = 2 };
}
