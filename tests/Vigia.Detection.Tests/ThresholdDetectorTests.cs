namespace Vigia.Detection.Tests;

public class ThresholdDetectorTests
{
    private static readonly DateOnly s_start = new(2017, 6, 1);

    [Fact]
    public void Evaluate_ThreeWithinTwoDays_AlarmsOnTheDayTheSumReachesTheCount()
    {
        // June 1 … 12: two on June 11, one on June 12.
        double[] counts = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1];
        var detector = new ThresholdDetector(3, 2);

        var june11 = detector.Evaluate(counts, 10, SeriesFrequency.Daily, s_start);
        var june12 = detector.Evaluate(counts, 11, SeriesFrequency.Daily, s_start);

        Assert.False(june11.Alarm);
        Assert.Equal(2, june11.Observed);
        Assert.True(june12.Alarm);
        Assert.Equal(3, june12.Observed);
        Assert.Equal(2, june12.UpperBound);
        Assert.Equal(1.0, june12.Score);
        Assert.Equal("threshold", june12.Method);
    }

    [Fact]
    public void Evaluate_History_ExpectedIsTheMeanWindowSumBeforeTheWindow()
    {
        double[] counts = [1, 0, 2, 1, 0, 3];
        var result = new ThresholdDetector(3, 2).Evaluate(counts, 5, SeriesFrequency.Daily, s_start);

        // Window = days 4 and 5; history = days 0 … 3, mean 1 a day, so 2 per two-day window.
        Assert.Equal(3, result.Observed);
        Assert.Equal(2.0, result.Expected, 12);
        Assert.Equal(1.0, result.Score);
    }

    [Fact]
    public void Evaluate_FirstDay_HasNoHistoryAndExpectsZero()
    {
        var result = new ThresholdDetector(3, 2).Evaluate([4.0], 0, SeriesFrequency.Daily, s_start);

        Assert.True(result.Alarm);
        Assert.Equal(0.0, result.Expected);
    }

    [Fact]
    public void Evaluate_WeeklySeries_WindowOfDaysCoversWholeWeeks()
    {
        double[] counts = [1, 1, 2, 2];
        var result = new ThresholdDetector(4, 10).Evaluate(counts, 3, SeriesFrequency.Weekly, s_start);

        // Ten days round up to two weeks.
        Assert.Equal(4, result.Observed);
        Assert.True(result.Alarm);
    }

    [Fact]
    public void EvaluateAll_AgreesWithEvaluate()
    {
        var counts = SeriesBuilder.NegativeBinomial(300, 0.8, 1.5, seed: 3);
        var detector = new ThresholdDetector(3, 2);

        var all = detector.EvaluateAll(counts, SeriesFrequency.Daily, s_start);

        for (var t = 0; t < counts.Length; t++)
        {
            Assert.Equal(detector.Evaluate(counts, t, SeriesFrequency.Daily, s_start), all[t]);
        }
    }
}
