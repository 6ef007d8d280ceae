namespace Vigia.Detection.Baselines;

/// <summary>
/// A second forecaster for the one-point test, and the choice between it and the regression made per series, as ESSENCE
/// chooses between its regression and its EWMA chart. The local forecast is the baseline of EARS and ESSENCE: the mean
/// and spread of the last <see cref="LocalForecastOptions.SpanPoints"/> points before a guard band, as a negative binomial
/// whose variance carries the mean's estimation error. Real homicide series drift over months, too slowly for the fit check
/// (<see cref="RecentLevel"/>) and enough to swell the regression's dispersion, and an outbreak's size is measured against
/// the local spread; where the regression is the true model, its calibrated, sharper distribution should be kept. Which
/// of the two the detector trusts is decided by their past predictive log scores (a proper scoring rule): the
/// exponentially weighted mean of log p_local(y) − log p_regression(y) over the past points that did not alarm. The
/// chosen forecast serves the one-point test and the CUSUM alike: a CUSUM over a regression that lags a drift accumulates
/// the drift and alarms on it.
/// </summary>
internal sealed class LocalForecast(LocalForecastOptions options)
{
    private readonly double _decay = Math.Pow(0.5, 1.0 / options.HalfLifePoints);
    private double _difference;
    private double _weight;
    private int _scored;

    /// <summary>Whether the local forecast has scored better than the regression over the series' recent past.</summary>
    public bool Preferred => _scored >= options.MinScoredPoints && _difference / _weight > options.Margin;

    /// <summary>A copy to go on from (a replay resumed at a checkpoint), leaving this one as it is.</summary>
    public LocalForecast Copy() => new(options) { _difference = _difference, _weight = _weight, _scored = _scored };

    /// <summary>The local forecast for point t, from the points before its guard band; none until the window is full.</summary>
    public BaselinePrediction Predict(ReadOnlySpan<double> counts, int t)
    {
        var end = t - options.GuardPoints;
        var start = end - options.SpanPoints;
        if (start < 0)
        {
            return BaselinePrediction.None;
        }

        var (mean, sd) = EarsDetector.MeanAndSd(counts[start..end]);
        // Half an event over the window, so a quiet window expects little rather than nothing.
        var level = Math.Max(mean, 0.5 / options.SpanPoints);
        var variance = sd * sd * (1.0 + 1.0 / options.SpanPoints);
        return new BaselinePrediction(level, Math.Max(1.0, variance / level));
    }

    /// <summary>Scores both forecasts of one point that did not alarm.</summary>
    public void Score(double observed, BaselinePrediction local, BaselinePrediction regression)
    {
        if (!local.IsAvailable || !regression.IsAvailable)
        {
            return;
        }

        var difference = CountDistribution.LogProbability(observed, local.Mean, local.Dispersion)
            - CountDistribution.LogProbability(observed, regression.Mean, regression.Dispersion);
        difference = Math.Clamp(difference, -options.ScoreCap, options.ScoreCap);
        _difference = _decay * _difference + difference;
        _weight = _decay * _weight + 1.0;
        _scored++;
    }
}

/// <summary>The local forecast's window and how the choice is made.</summary>
public sealed record LocalForecastOptions
{
    /// <summary>Whether the local forecast competes with the regression at all.</summary>
    public bool Enabled { get; init; }

    /// <summary>The window's length in points (EARS: 7).</summary>
    public int SpanPoints { get; init; } = 7;

    /// <summary>The most recent points kept out of the window (EARS C1: 0, C2: 2).</summary>
    public int GuardPoints { get; init; }

    /// <summary>The memory of the score comparison, in points.</summary>
    public double HalfLifePoints { get; init; } = 52;

    /// <summary>Points scored before the comparison can choose the local forecast.</summary>
    public int MinScoredPoints { get; init; } = 26;

    /// <summary>How much better, in mean log score per point, the local forecast must be.</summary>
    public double Margin { get; init; }

    /// <summary>The largest log-score difference one point can contribute, so one extreme count does not decide for a year.</summary>
    public double ScoreCap { get; init; } = 10;

    /// <summary>
    /// Weekly: EARS C1's seven weeks. Daily: ESSENCE's 28 days behind a week's guard band (a week of days is too noisy a
    /// forecast to win often, and a wave under way would enter it at once). Chosen on held-in years (docs/detection.md).
    /// </summary>
    public static LocalForecastOptions For(SeriesFrequency frequency) => frequency == SeriesFrequency.Weekly
        ? new() { Enabled = true, SpanPoints = 7, GuardPoints = 0 }
        : new() { Enabled = true, SpanPoints = 28, GuardPoints = 7 };
}
