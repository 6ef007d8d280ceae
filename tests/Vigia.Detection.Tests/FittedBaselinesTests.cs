using Vigia.Detection.Baselines;

namespace Vigia.Detection.Tests;

/// <summary>
/// The memo of fitted baselines (<see cref="FittedBaselines"/>) saves the refits of an unchanged history and never
/// changes what a detector says. Run alone: the memo is the process's, and other tests fit while these count.
/// </summary>
[Collection(nameof(ProcessMemosRunAlone))]
public sealed class FittedBaselinesTests
{
    private static readonly DateOnly s_start = new(2015, 1, 1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EvaluateAll_HistoryAmendedAfterTheMemoWasFilled_SaysWhatAFreshFitSays(int seed)
    {
        var detector = Detectors.Create("auto");
        var counts = SeriesBuilder.Drifting(6 * 365, mean: 9, logStepSd: 0.03, seed);
        detector.EvaluateAll(counts, SeriesFrequency.Daily, s_start);

        var amended = (double[])counts.Clone();
        var random = new Random(seed);
        amended[random.Next(365, 4 * 365)] += 20;
        amended[random.Next(5 * 365, amended.Length)] += 5;
        var fromMemo = detector.EvaluateAll(amended, SeriesFrequency.Daily, s_start);
        FittedBaselines.Clear();
        var fresh = detector.EvaluateAll(amended, SeriesFrequency.Daily, s_start);

        Assert.Equal(fresh, fromMemo);
    }

    [Fact]
    public void EvaluateAll_OnlyTheLastDayChanged_RefitsNoBaseline()
    {
        var detector = Detectors.Create("auto");
        var counts = SeriesBuilder.NegativeBinomial(6 * 365, mean: 9, dispersion: 1.5, seed: 11);
        FittedBaselines.Clear();
        var before = FittedBaselines.Fitted;
        detector.EvaluateAll(counts, SeriesFrequency.Daily, s_start);
        var fitsOfTheHistory = FittedBaselines.Fitted - before;

        // A day's count grows, as a live report adds to today: every baseline was fitted on days before it.
        counts[^1] += 4;
        var replayed = FittedBaselines.Fitted;
        detector.EvaluateAll(counts, SeriesFrequency.Daily, s_start);

        Assert.True(fitsOfTheHistory > 50, $"six years of daily counts took {fitsOfTheHistory} fits");
        Assert.Equal(0, FittedBaselines.Fitted - replayed);
    }

    [Fact]
    public void EvaluateAll_AfterFitsOfOtherSeries_SaysWhatItSaidBefore()
    {
        // The fits' working arrays are rented and come back as the last fit left them: nothing a fit says may depend on that.
        var detector = Detectors.Create("auto");
        var counts = SeriesBuilder.Drifting(6 * 365, mean: 9, logStepSd: 0.03, seed: 5);
        FittedBaselines.Clear();
        var before = detector.EvaluateAll(counts, SeriesFrequency.Daily, s_start);

        FittedBaselines.Clear();
        detector.EvaluateAll(SeriesBuilder.NegativeBinomial(9 * 365, mean: 40, dispersion: 3, seed: 6), SeriesFrequency.Daily, s_start);
        detector.EvaluateAll(SeriesBuilder.NegativeBinomial(8 * 52, mean: 0.3, dispersion: 1, seed: 7), SeriesFrequency.Weekly, s_start);
        detector.EvaluateAll(new double[4 * 365], SeriesFrequency.Daily, s_start);
        FittedBaselines.Clear();
        var after = detector.EvaluateAll(counts, SeriesFrequency.Daily, s_start);

        Assert.Equal(before, after);
    }
}
