using MathNet.Numerics.Distributions;
using Vigia.Detection;

namespace Vigia.Detection.Evaluation.Simulation;

/// <summary>
/// Simulates one benchmark series of a scenario: six years of history with outbreaks of 2–10 standard deviations planted
/// at about two a year, then a one-year evaluation window with one outbreak per slot (17 weeks, or 45 days).
/// </summary>
internal static class SeriesSimulator
{
    public const int HistoryYears = 6;

    public static readonly DateOnly WeeklyStart = new(2014, 1, 6);
    public static readonly DateOnly DailyStart = new(2014, 1, 1);

    public static EvaluationSeries Simulate(Scenario scenario, int seriesIndex, int seed)
    {
        var random = new Random(StableSeed.Of(seed, scenario.Name, seriesIndex));
        var daily = scenario.Frequency == SeriesFrequency.Daily;
        var pointsPerYear = daily ? 365 : 52;
        var evaluationStart = HistoryYears * pointsPerYear;
        var length = evaluationStart + pointsPerYear;
        var firstDate = daily ? DailyStart : WeeklyStart;
        var counts = new double[length];
        for (var t = 0; t < length; t++)
        {
            counts[t] = CountSampler.NegativeBinomial(random, scenario.MeanAt(firstDate, t), scenario.Dispersion);
        }

        double BaselineSd(int t) => Math.Sqrt(scenario.Dispersion * scenario.MeanAt(firstDate, t));

        var historyOutbreaks = Poisson.Sample(random, 2.0 * HistoryYears);
        for (var i = 0; i < historyOutbreaks; i++)
        {
            var start = random.Next(0, evaluationStart - 3 * (daily ? 7 : 1));
            var size = OutbreakPlanter.HistorySizes[random.Next(OutbreakPlanter.HistorySizes.Length)];
            var kind = random.Next(2) == 0 ? OutbreakKind.Spike : OutbreakKind.Wave;
            OutbreakPlanter.Plant(random, counts, start, size, kind, BaselineSd(start), scenario.Frequency);
        }

        var outbreaks = OutbreakPlanter.PlantEvaluationWindow(
            random, counts, evaluationStart, daily ? 45 : 17, seriesIndex, scenario.Frequency, BaselineSd);
        var group = daily ? "daily" : "weekly";
        return new EvaluationSeries($"{scenario.Name}-{seriesIndex:000}", group, scenario.Name, scenario.Frequency, firstDate, counts, evaluationStart, outbreaks)
        {
            TrueMean = [.. Enumerable.Range(0, length).Select(t => scenario.MeanAt(firstDate, t))],
            TrueDispersion = scenario.Dispersion,
        };
    }
}
