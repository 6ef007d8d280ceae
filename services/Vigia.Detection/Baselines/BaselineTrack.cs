namespace Vigia.Detection.Baselines;

/// <summary>
/// The baseline of every point of a range: one fit per anchor (t − t mod RefitEvery), reused for the points up to the next.
/// Point t's prediction depends on counts[0..t] only, whatever the range it is computed in.
/// </summary>
internal static class BaselineTrack
{
    public static int AnchorOf(int t, BaselineOptions options) => t - t % Math.Max(1, options.RefitEvery);

    public static BaselinePrediction PredictOne(ReadOnlySpan<double> counts, int t, SeriesFrequency frequency, DateOnly firstDate, BaselineOptions options)
    {
        var model = BaselineFitter.Fit(counts, AnchorOf(t, options), frequency, firstDate, options);
        return model?.Predict(t) ?? BaselinePrediction.None;
    }

    /// <summary>Predictions for points from..to−1 (index 0 of the result is point from).</summary>
    public static BaselinePrediction[] Predict(ReadOnlySpan<double> counts, int from, int to, SeriesFrequency frequency, DateOnly firstDate, BaselineOptions options)
    {
        var predictions = new BaselinePrediction[Math.Max(0, to - from)];
        Predict(counts, from, to, frequency, firstDate, options, predictions);
        return predictions;
    }

    /// <summary>Predictions for points from..to−1 into <paramref name="predictions"/> (index 0 is point from).</summary>
    public static void Predict(
        ReadOnlySpan<double> counts, int from, int to, SeriesFrequency frequency, DateOnly firstDate, BaselineOptions options, Span<BaselinePrediction> predictions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(predictions.Length, to - from);
        BaselineModel? model = null;
        var modelAnchor = -1;
        for (var t = from; t < to; t++)
        {
            var anchor = AnchorOf(t, options);
            if (anchor != modelAnchor)
            {
                model = BaselineFitter.Fit(counts, anchor, frequency, firstDate, options);
                modelAnchor = anchor;
            }

            predictions[t - from] = model?.Predict(t) ?? BaselinePrediction.None;
        }
    }
}
