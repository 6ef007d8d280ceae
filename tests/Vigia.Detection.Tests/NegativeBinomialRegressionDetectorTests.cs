namespace Vigia.Detection.Tests;

public class NegativeBinomialRegressionDetectorTests
{
    [Fact]
    public void Evaluate_FlatPoissonHistory_ExpectsItsMeanAndTestsThePoissonTailWidenedByTheFit()
    {
        // Two years of exactly 9 a day: the fit is 9 without overdispersion (φ floors at 1); the uncertainty of the fitted
        // mean widens Poisson(9) a little, so the p-value lies just above the Poisson tail.
        var counts = Enumerable.Repeat(9.0, 2 * 365).Append(25).ToArray();
        var detector = new NegativeBinomialRegressionDetector(0.005);

        var result = detector.Evaluate(counts, counts.Length - 1, SeriesFrequency.Daily, new DateOnly(2015, 1, 1));

        Assert.Equal(9.0, result.Expected, 6);
        Assert.True(result.Alarm);

        // R: ppois(24, 9, lower.tail = FALSE) = 8.653127e-06, qpois(0.995, 9) = 18.
        Assert.InRange(result.PValue, 8.653127e-06, 1.2e-05);
        Assert.Equal(18, result.UpperBound);
        Assert.Equal(Math.Log(result.PValue) / Math.Log(0.005), result.Score, 9);
    }

    [Fact]
    public void Evaluate_WeekdayEffect_SundaysExpectMore()
    {
        // Sundays have twice the weekday count: the daily baseline splits the weekly total by weekday shares.
        var start = new DateOnly(2015, 1, 5); // a Monday
        var counts = Enumerable.Range(0, 3 * 364).Select(t => t % 7 == 6 ? 16.0 : 8.0).ToArray();
        var detector = new NegativeBinomialRegressionDetector();

        var sunday = detector.Evaluate(counts, counts.Length - 1, SeriesFrequency.Daily, start);
        var monday = detector.Evaluate(counts, counts.Length - 7, SeriesFrequency.Daily, start);

        Assert.Equal(16.0, sunday.Expected, 3);
        Assert.Equal(8.0, monday.Expected, 3);
    }

    [Fact]
    public void Evaluate_PastOutbreak_IsDownWeighted()
    {
        var clean = SeriesBuilder.NegativeBinomial(3 * 52, 20, 1.5, seed: 4);
        var withOutbreak = (double[])clean.Clone();
        for (var t = 100; t < 104; t++)
        {
            withOutbreak[t] += 60;
        }

        var detector = new NegativeBinomialRegressionDetector();
        var start = new DateOnly(2015, 1, 5);
        var cleanResult = detector.Evaluate(clean, clean.Length - 1, SeriesFrequency.Weekly, start);
        var result = detector.Evaluate(withOutbreak, withOutbreak.Length - 1, SeriesFrequency.Weekly, start);

        // Unweighted, the outbreak near the end drags the trend up by half (to about 30 a week); down-weighted it barely moves.
        Assert.InRange(result.Expected - cleanResult.Expected, -0.5, 0.5);
    }

    [Fact]
    public void Evaluate_ShortHistory_IsNotEvaluated()
    {
        var counts = SeriesBuilder.NegativeBinomial(30, 5, 1.5, seed: 1);

        var result = new NegativeBinomialRegressionDetector().Evaluate(counts, 29, SeriesFrequency.Daily, new DateOnly(2017, 1, 1));

        Assert.False(result.IsEvaluated);
        Assert.False(result.Alarm);
    }
}
