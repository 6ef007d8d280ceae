using Vigia.Detection.Baselines;

namespace Vigia.Detection.Tests;

public class AutomaticDetectorTests
{
    [Fact]
    public void Evaluate_June2017RelativesOfSecurityForces_AlarmsOnJune12()
    {
        // Near zero for months (a killing every two months or so), then two on June 11 and one on June 12, 2017.
        var start = new DateOnly(2016, 1, 1);
        var june12 = new DateOnly(2017, 6, 12);
        var counts = new double[june12.DayNumber - start.DayNumber + 1];
        foreach (var day in new DateOnly[] { new(2016, 2, 10), new(2016, 4, 22), new(2016, 7, 3), new(2016, 9, 15), new(2016, 11, 20), new(2017, 1, 28), new(2017, 3, 30) })
        {
            counts[day.DayNumber - start.DayNumber] = 1;
        }

        counts[^2] = 2;
        counts[^1] = 1;

        var auto = Detectors.Create("auto").Evaluate(counts, counts.Length - 1, SeriesFrequency.Daily, start);
        var threshold = Detectors.Create("threshold").Evaluate(counts, counts.Length - 1, SeriesFrequency.Daily, start);

        Assert.True(auto.Alarm, $"auto: {auto}");
        Assert.True(threshold.Alarm);

        // Three in two days where the baseline expects a few hundredths.
        Assert.Equal("nb-window", auto.Method);
        Assert.Equal(2, auto.Window);
        Assert.Equal(3, auto.Observed);
        Assert.True(auto.Expected < 0.1);
        Assert.True(auto.UpperBound < 3);
        Assert.False(Detectors.Create("threshold").Evaluate(counts, counts.Length - 2, SeriesFrequency.Daily, start).Alarm);
    }

    [Fact]
    public void Evaluate_25HomicidesOnADayThatAverages9_Alarms()
    {
        var counts = SeriesBuilder.NegativeBinomial(3 * 365, 9, 1.5, seed: 2017);
        counts[^1] = 25;

        var result = Detectors.Create("auto").Evaluate(counts, counts.Length - 1, SeriesFrequency.Daily, new DateOnly(2014, 6, 12));

        Assert.True(result.Alarm);
        Assert.InRange(result.Expected, 7.5, 10.5);
        Assert.Equal(25, result.Observed);
        Assert.True(result.UpperBound < 25);
        Assert.True(result.Score >= 1);
        Assert.Equal("nb-regression", result.Method);
    }

    [Fact]
    public void Evaluate_QuietSeries_RarelyAlarms()
    {
        var counts = SeriesBuilder.NegativeBinomial(6 * 365, 9, 1.5, seed: 5);
        var results = Detectors.Create("auto").EvaluateAll(counts, SeriesFrequency.Daily, new DateOnly(2014, 1, 1));

        var evaluated = results.Count(r => r.IsEvaluated);
        Assert.True(evaluated > 5 * 365);
        Assert.InRange(results.Count(r => r.Alarm) / (double)evaluated, 0.0, 0.01);
    }

    [Fact]
    public void Evaluate_SmallSustainedWave_TheCusumFindsIt()
    {
        // Two weeks of one standard deviation more a day: no single day stands out, the run does.
        var counts = SeriesBuilder.NegativeBinomial(4 * 365, 9, 1.5, seed: 8);
        for (var t = counts.Length - 14; t < counts.Length; t++)
        {
            counts[t] += 4;
        }

        var results = Detectors.Create("auto").EvaluateAll(counts, SeriesFrequency.Daily, new DateOnly(2014, 1, 1));

        Assert.Contains(results[^14..], r => r.Alarm && r.Method == "nb-cusum");
    }

    [Fact]
    public void Evaluate_AfterALevelDrop_AWaveAtTheNewLevelAlarmsAgainstTheRecentLevel()
    {
        // Four years at 9 a day, then eight weeks at 2 (El Salvador, spring 2022), then a day of 10. The regression, fitted
        // behind its guard band with a year's half-life, still expects about 6; the recent level expects 2.
        var before = SeriesBuilder.NegativeBinomial(4 * 365, 9, 1.5, seed: 22);
        var after = SeriesBuilder.NegativeBinomial(56, 2, 1.5, seed: 23);
        double[] counts = [.. before, .. after, 10];
        var start = new DateOnly(2018, 3, 1);

        var auto = Detectors.Create("auto").Evaluate(counts, counts.Length - 1, SeriesFrequency.Daily, start);
        var regression = Detectors.Create("nb-regression").Evaluate(counts, counts.Length - 1, SeriesFrequency.Daily, start);

        Assert.False(regression.Alarm, $"the regression alone expects {regression.Expected:F1}: the scenario would not need the switch");
        Assert.True(auto.Alarm);
        Assert.Equal("recent-level", auto.Method);
        Assert.InRange(auto.Expected, 1.0, 3.5);
    }

    [Fact]
    public void Evaluate_AfterALevelRise_ExpectsTheNewLevelWithinWeeks()
    {
        // Four years at 3 a day, then a lasting rise to 6 (El Salvador, 2015). Past the first five weeks the new level is
        // the norm: the regression, years long, still expects about 4 with a swollen spread; the automatic default expects
        // the new level and alarms no more than a quiet series would.
        var before = SeriesBuilder.NegativeBinomial(4 * 365, 3, 1.5, seed: 15);
        var after = SeriesBuilder.NegativeBinomial(150, 6, 1.5, seed: 16);
        double[] counts = [.. before, .. after];
        var start = new DateOnly(2011, 1, 1);

        var auto = Detectors.Create("auto").EvaluateAll(counts, SeriesFrequency.Daily, start)[^100..];
        var regression = Detectors.Create("nb-regression").EvaluateAll(counts, SeriesFrequency.Daily, start)[^100..];

        Assert.True(regression.Average(r => r.Expected) < 4.5, $"the regression alone expects {regression.Average(r => r.Expected):F1}: the scenario would not need the switch");
        Assert.InRange(auto.Average(r => r.Expected), 5.0, 7.5);
        // Either the fit check's rescaled regression or the 28 days' own forecast, which now forecasts the series better.
        Assert.True(auto.Count(r => r.Method is "recent-level" or "local-level") > 50);
        Assert.InRange(auto.Count(r => r.Alarm), 0, 2);
    }

    [Fact]
    public void EvaluateAll_WeeklySeriesThatDrift_FindMoreSpikesWithFewerFalseAlarmsThanTheRegressionAlone()
    {
        // Forty weekly counts whose level wanders over months, each then given a week four of the last weeks' standard
        // deviations above their mean. The regression, years long, lags the drift and its dispersion swells with it; the
        // last seven weeks forecast these series better, so the automatic default tests against them.
        var regressionOnly = new AutomaticDetector(new AutomaticOptions { WeeklyLocal = new LocalForecastOptions { Enabled = false } });
        var automatic = new AutomaticDetector();
        var start = new DateOnly(2005, 1, 3);
        var (quietWeeks, falseAlarms, falseAlarmsWithoutLocal, spikesFound, spikesFoundWithoutLocal) = (0, 0, 0, 0, 0);
        for (var seed = 1; seed <= 40; seed++)
        {
            var counts = SeriesBuilder.Drifting(6 * 52, 40, 0.06, seed);
            var withLocal = automatic.EvaluateAll(counts, SeriesFrequency.Weekly, start);
            var withoutLocal = regressionOnly.EvaluateAll(counts, SeriesFrequency.Weekly, start);
            for (var t = 2 * 52; t < counts.Length; t++)
            {
                quietWeeks++;
                falseAlarms += withLocal[t].Alarm ? 1 : 0;
                falseAlarmsWithoutLocal += withoutLocal[t].Alarm ? 1 : 0;
            }

            var recentMean = counts[^7..].Average();
            double[] spiked = [.. counts, Math.Round(recentMean + 4 * Math.Sqrt(recentMean))];
            spikesFound += automatic.Evaluate(spiked, spiked.Length - 1, SeriesFrequency.Weekly, start).Alarm ? 1 : 0;
            spikesFoundWithoutLocal += regressionOnly.Evaluate(spiked, spiked.Length - 1, SeriesFrequency.Weekly, start).Alarm ? 1 : 0;
        }

        Assert.True(falseAlarms < falseAlarmsWithoutLocal, $"false alarms {falseAlarms} against {falseAlarmsWithoutLocal} of {quietWeeks} weeks");
        Assert.True(spikesFound >= spikesFoundWithoutLocal + 5, $"spikes found {spikesFound} against {spikesFoundWithoutLocal} of 40");
    }

    [Fact]
    public void EvaluateAll_StationaryWeeklySeries_KeepsTheRegression()
    {
        // Where the regression is the true model its calibrated distribution forecasts better than seven weeks' mean and
        // spread, so the choice falls on the regression most of the time (the weighted score difference is a noisy mean
        // and crosses zero now and then) and the false-alarm rate stays near the budget's 0.4 %.
        var start = new DateOnly(2005, 1, 3);
        var options = new AutomaticOptions();
        var detector = new AutomaticDetector(options);
        var (forecasts, preferred, evaluated, alarms) = (0, 0, 0, 0);
        for (var seed = 1; seed <= 20; seed++)
        {
            var counts = SeriesBuilder.NegativeBinomial(8 * 52, 20, 1.5, seed);
            var regression = BaselineTrack.Predict(counts, 0, counts.Length, SeriesFrequency.Weekly, start, options.Weekly);
            var local = new LocalForecast(options.WeeklyLocal);
            for (var t = 0; t < counts.Length; t++)
            {
                var forecast = local.Predict(counts, t);
                if (regression[t].IsAvailable && forecast.IsAvailable)
                {
                    forecasts++;
                    preferred += local.Preferred ? 1 : 0;
                    local.Score(counts[t], forecast, regression[t]);
                }
            }

            var results = detector.EvaluateAll(counts, SeriesFrequency.Weekly, start).Where(r => r.IsEvaluated).ToList();
            evaluated += results.Count;
            alarms += results.Count(r => r.Alarm);
        }

        Assert.True(forecasts > 20 * 6 * 52);
        Assert.InRange(preferred / (double)forecasts, 0.0, 0.2);
        Assert.InRange(alarms / (double)evaluated, 0.0, 0.01);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(2.0)]
    [InlineData(40.0)]
    public void EvaluateAll_EveryPoint_AlarmsExactlyWhenObservedExceedsTheUpperBound(double mean)
    {
        var counts = SeriesBuilder.NegativeBinomial(3 * 365, mean, 1.5, seed: 12);
        for (var t = 800; t < 1000; t += 37)
        {
            counts[t] += 3 + 3 * Math.Sqrt(mean);
        }

        var results = Detectors.Create("auto", 4).EvaluateAll(counts, SeriesFrequency.Daily, new DateOnly(2015, 1, 1));

        Assert.Contains(results, r => r.Alarm);
        foreach (var r in results.Where(r => r.IsEvaluated))
        {
            Assert.True(r.Alarm == r.Observed > r.UpperBound, r.ToString());
        }
    }

    [Fact]
    public void Sensitivity_Raised_AlarmsAtLeastAsOften()
    {
        var counts = SeriesBuilder.NegativeBinomial(4 * 365, 3, 1.5, seed: 9);
        var start = new DateOnly(2014, 1, 1);

        var normal = Detectors.Create("auto").EvaluateAll(counts, SeriesFrequency.Daily, start).Count(r => r.Alarm);
        var raised = Detectors.Create("auto", 8).EvaluateAll(counts, SeriesFrequency.Daily, start).Count(r => r.Alarm);

        Assert.True(raised > normal);
    }
}
