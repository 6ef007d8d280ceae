using Vigia.Detection.Baselines;

namespace Vigia.Detection;

/// <summary>
/// The automatic default. Over the negative-binomial regression baseline it runs, per point: a one-point test on the
/// predictive distribution (sudden spikes), a negative-binomial CUSUM reset after every alarm (small sustained waves),
/// and, on sparse series, exact tests of the sums over the last 2 … w points that include today's count (clusters of rare
/// events, "three in 48 hours"). The false-alarm budget, set by one sensitivity, is split between them. Like ESSENCE, which
/// leaves its regression when the fit is poor, it checks the regression against the recent past first and, after a level
/// shift, tests against the recent level instead (see RecentLevel). It also keeps the recent points' own forecast (seven
/// weeks, or 28 days behind a week) and tests, series by series, against whichever of the two has been forecasting better
/// (see LocalForecast).
/// </summary>
public sealed class AutomaticDetector : IDetector
{
    private readonly double _spikeAlpha;
    private readonly double _windowAlpha;
    private readonly double _dailyDecisionInterval;
    private readonly double _weeklyDecisionInterval;
    private readonly double _spikeZ;

    public AutomaticDetector(double sensitivity = 1.0)
        : this(new AutomaticOptions().WithSensitivity(sensitivity > 0 ? sensitivity : throw new ArgumentOutOfRangeException(nameof(sensitivity))))
    {
    }

    public AutomaticDetector(AutomaticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var rate = Math.Min(options.FalseAlarmRate, 0.5);
        _spikeAlpha = rate * options.SpikeShare * (1.0 - options.WindowShare);
        // Bonferroni over the windows scanned: each of the MaxWindow − 1 sums gets an equal part of the scan's share.
        _windowAlpha = rate * options.SpikeShare * options.WindowShare / Math.Max(1, options.MaxWindow - 1);
        _spikeZ = MathNet.Numerics.Distributions.Normal.InvCDF(0.0, 1.0, 1.0 - _spikeAlpha);
        _dailyDecisionInterval = NegativeBinomialCusum.Threshold(rate * (1.0 - options.SpikeShare), options.DailyShiftSd);
        _weeklyDecisionInterval = NegativeBinomialCusum.Threshold(rate * (1.0 - options.SpikeShare), options.WeeklyShiftSd);
    }

    public string Name => "auto";

    public AutomaticOptions Options { get; }

    public bool ReplaysHistory => true;

    public DetectionResult Evaluate(ReadOnlySpan<double> counts, int t, SeriesFrequency frequency, DateOnly firstDate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t, counts.Length);
        return EvaluateFrom(counts[..(t + 1)], t, frequency, firstDate)[0];
    }

    public DetectionResult[] EvaluateAll(ReadOnlySpan<double> counts, SeriesFrequency frequency, DateOnly firstDate)
    {
        var predictions = BaselineTrack.Predict(counts, 0, counts.Length, frequency, firstDate, BaselineFor(frequency));
        return EvaluateAll(counts, predictions, frequency);
    }

    /// <summary>
    /// Points from..end, the replay resumed from this process's latest checkpoint of the same history before
    /// <paramref name="from"/> (<see cref="ReplayCheckpoints"/>), leaving one behind at the last checkpoint before
    /// <paramref name="from"/> and one before the last point, where the next pass over this series will start: the
    /// same days judged again, or today's.
    /// </summary>
    public DetectionResult[] EvaluateFrom(ReadOnlySpan<double> counts, int from, SeriesFrequency frequency, DateOnly firstDate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, counts.Length);
        var results = new DetectionResult[counts.Length - from];
        EvaluateFrom(counts, from, frequency, firstDate, results);
        return results;
    }

    /// <inheritdoc cref="EvaluateFrom(ReadOnlySpan{double}, int, SeriesFrequency, DateOnly)"/>
    public void EvaluateFrom(ReadOnlySpan<double> counts, int from, SeriesFrequency frequency, DateOnly firstDate, Span<DetectionResult> results)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, counts.Length);
        ArgumentOutOfRangeException.ThrowIfNotEqual(results.Length, counts.Length - from);
        var keys = ReplayCheckpoints.KeysOf(counts, frequency, firstDate, Options);
        var checkpoint = ReplayCheckpoints.Latest(keys, from);
        var start = checkpoint?.Point ?? 0;
        var regression = new BaselinePrediction[counts.Length];
        BaselineTrack.Predict(counts, start, counts.Length, frequency, firstDate, BaselineFor(frequency), regression.AsSpan(start));
        var leaveAt = (from - from % ReplayCheckpoints.Stride, (counts.Length - 1) - (counts.Length - 1) % ReplayCheckpoints.Stride);
        Replay(counts, regression, frequency, checkpoint, keys, leaveAt, from, results);
    }

    internal BaselineOptions BaselineFor(SeriesFrequency frequency) => frequency == SeriesFrequency.Daily ? Options.Daily : Options.Weekly;

    internal RecentLevelOptions RecentLevelFor(SeriesFrequency frequency) => frequency == SeriesFrequency.Daily ? Options.DailyRecentLevel : Options.WeeklyRecentLevel;

    /// <summary>Evaluates every point over baseline predictions computed once (the benchmark shares them across sensitivities).</summary>
    internal DetectionResult[] EvaluateAll(ReadOnlySpan<double> counts, BaselinePrediction[] regression, SeriesFrequency frequency)
    {
        var results = new DetectionResult[counts.Length];
        Replay(counts, regression, frequency, checkpoint: null, keys: null, leaveAt: default, resultsFrom: 0, results);
        return results;
    }

    /// <summary>
    /// Runs the rules over the points from the checkpoint's (or the first) on, and writes those of the points from
    /// <paramref name="resultsFrom"/> on (at or after the checkpoint's point) into <paramref name="results"/>, element 0
    /// being that point's: the points replayed only to reach it are not kept (a back-fill's result arrays are large
    /// objects, each one the collector's to sweep in a full collection). With <paramref name="keys"/>, leaves checkpoints at
    /// the points <paramref name="leaveAt"/> (only these: a checkpoint at every point passed, in a back-fill's passes, was a
    /// kilobyte of state kept for a few passes and dropped, which the collector paid for in CPU and memory).
    /// </summary>
    private void Replay(
        ReadOnlySpan<double> counts, BaselinePrediction[] regression, SeriesFrequency frequency, ReplayCheckpoint? checkpoint,
        ReplayCheckpoints.Key[]? keys, (int From, int Last) leaveAt, int resultsFrom, Span<DetectionResult> results)
    {
        var start = checkpoint?.Point ?? 0;
        ArgumentOutOfRangeException.ThrowIfLessThan(resultsFrom, start);
        // What the rules test against: the regression's prediction, or its rescaling to the recent level where the regression
        // has stopped fitting. The window scan reads the past points' entries, so they are kept, and so are the alarms, which
        // keep a point out of the recent level's window once it leaves the guard band.
        var predictions = new BaselinePrediction[counts.Length];
        var alarms = new bool[counts.Length];
        var levelOptions = RecentLevelFor(frequency);
        var localOptions = frequency == SeriesFrequency.Daily ? Options.DailyLocal : Options.WeeklyLocal;
        var recentLevel = checkpoint?.RecentLevel ?? new RecentLevel(levelOptions);
        var local = checkpoint is not null ? checkpoint.Local : localOptions.Enabled ? new LocalForecast(localOptions) : null;
        var statistic = checkpoint?.Statistic ?? 0.0;
        checkpoint?.Restore(regression, predictions, alarms);
        // What a point reads of the points before it: the guard band's alarms and regression, the scan's tested predictions.
        var tail = Math.Max(levelOptions.GuardPoints, Options.MaxWindow - 1);
        var shiftSd = Options.ShiftSdFor(frequency);
        var decisionInterval = frequency == SeriesFrequency.Daily ? _dailyDecisionInterval : _weeklyDecisionInterval;
        for (var t = start; t < counts.Length; t++)
        {
            if (keys is not null && t > start && (t == leaveAt.From || t == leaveAt.Last))
            {
                ReplayCheckpoints.Add(keys[(t / ReplayCheckpoints.Stride) - 1],
                    ReplayCheckpoint.Take(t, tail, statistic, recentLevel, local, regression, predictions, alarms));
            }

            var observed = counts[t];
            var fed = t - levelOptions.GuardPoints;
            if (fed >= 0 && !alarms[fed])
            {
                recentLevel.Add(counts[fed], regression[fed]);
            }

            var prediction = recentLevel.Adjust(regression[t], out var switched);
            predictions[t] = prediction;
            if (!prediction.IsAvailable)
            {
                if (t >= resultsFrom)
                {
                    results[t - resultsFrom] = DetectionResult.NotEvaluated(observed, Name);
                }

                continue;
            }

            var localPrediction = local?.Predict(counts, t) ?? BaselinePrediction.None;
            var useLocal = local is { Preferred: true } && localPrediction.IsAvailable;
            var tested = useLocal ? localPrediction : prediction;
            var mean = tested.Mean;
            var dispersion = tested.Dispersion;

            var p = CountDistribution.UpperTail(observed, mean, dispersion);
            var spikeScore = Scores.FromPValue(p, _spikeAlpha);

            var (slope, intercept) = NegativeBinomialCusum.Increment(mean, dispersion, shiftSd);
            var cusumUpper = NegativeBinomialCusum.UpperBound(statistic, slope, intercept, decisionInterval);
            statistic = Math.Max(0.0, statistic + slope * observed - intercept);
            var cusumScore = statistic / decisionInterval;

            var spikeUpper = CountDistribution.UpperBound(mean, dispersion, _spikeAlpha, _spikeZ);
            var scan = mean < Options.SparseMean ? ScanWindows(counts, predictions, t) : WindowScan.None;
            var windowScore = observed >= 1 && observed > mean ? scan.Score : 0.0;

            var alarm = spikeScore >= 1.0 || cusumScore >= 1.0 || windowScore >= 1.0;
            var upper = Math.Min(Math.Min(spikeUpper, cusumUpper), scan.TodayUpperBound);
            // Points before resultsFrom are replayed only for the state they leave.
            if (t >= resultsFrom)
            {
                if (windowScore > spikeScore && windowScore > cusumScore)
                {
                    // The window decided: report its sum, what the baseline expects of it and the largest sum that would pass.
                    results[t - resultsFrom] = new DetectionResult(alarm, scan.Observed, scan.Expected, scan.UpperBound, windowScore, "nb-window")
                    {
                        PValue = scan.PValue,
                        Window = scan.Points,
                    };
                }
                else
                {
                    // "recent-level": the one-point test against the recent window's level, the regression having stopped fitting.
                    // "local-level": against the last weeks' own level and spread, which have been forecasting this series better.
                    var spikeMethod = useLocal ? "local-level" : switched ? "recent-level" : "nb-regression";
                    var (score, method) = spikeScore >= cusumScore ? (spikeScore, spikeMethod) : (cusumScore, "nb-cusum");
                    results[t - resultsFrom] = new DetectionResult(alarm, observed, mean, upper, score, method) { PValue = p };
                }
            }

            alarms[t] = alarm;
            if (alarm)
            {
                statistic = 0.0;
            }
            else
            {
                local?.Score(observed, localPrediction, prediction);
            }
        }
    }

    /// <summary>
    /// Tests the sums over the last 2 … MaxWindow points (today included) against their baseline, exactly: the sum of
    /// negative binomials with a common φ is negative binomial. Returns the most significant window and the largest count
    /// today could have without any window alarming.
    /// </summary>
    private WindowScan ScanWindows(ReadOnlySpan<double> counts, BaselinePrediction[] predictions, int t)
    {
        var observedSum = counts[t];
        var meanSum = predictions[t].Mean;
        var varianceSum = predictions[t].Mean * predictions[t].Dispersion;
        var best = WindowScan.None;
        var todayUpper = double.PositiveInfinity;
        for (var w = 2; w <= Options.MaxWindow && t - w + 1 >= 0; w++)
        {
            var s = t - w + 1;
            if (!predictions[s].IsAvailable)
            {
                break;
            }

            observedSum += counts[s];
            meanSum += predictions[s].Mean;
            varianceSum += predictions[s].Mean * predictions[s].Dispersion;
            var windowDispersion = varianceSum / meanSum;
            var (bound, p) = CountDistribution.WalkFromZero(observedSum, meanSum, windowDispersion, _windowAlpha);
            if (observedSum > bound)
            {
                p = CountDistribution.UpperTail(observedSum, meanSum, windowDispersion);
            }

            todayUpper = Math.Min(todayUpper, Math.Max(0.0, bound - (observedSum - counts[t])));
            if (p < best.PValue)
            {
                best = new WindowScan(w, observedSum, meanSum, bound, p, Scores.FromPValue(p, _windowAlpha), 0.0);
            }
        }

        return best with { TodayUpperBound = todayUpper };
    }

    /// <summary>The most significant window of a sparse scan.</summary>
    private readonly record struct WindowScan(int Points, double Observed, double Expected, double UpperBound, double PValue, double Score, double TodayUpperBound)
    {
        public static readonly WindowScan None = new(1, double.NaN, double.NaN, double.NaN, 1.0, 0.0, double.PositiveInfinity);
    }
}
