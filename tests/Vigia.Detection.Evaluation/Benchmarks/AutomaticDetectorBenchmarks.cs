using BenchmarkDotNet.Attributes;
using Vigia.Detection;
using Vigia.Detection.Evaluation.Simulation;

namespace Vigia.Detection.Evaluation.Benchmarks;

/// <summary>
/// The timing bar: the automatic default over 10 years of daily data for 1,000 series (means from 0.3 to 40 a
/// day, weekday and annual patterns), every day of every series evaluated. One operation is the whole batch; the job is
/// set in <see cref="BatchConfig"/>.
/// </summary>
public class AutomaticDetectorBenchmarks
{
    private const int Days = 3653;

    private double[][] _series = [];
    private readonly IDetector _detector = Detectors.Create("auto");
    private static readonly DateOnly s_start = new(2015, 1, 1);

    [Params(1000)]
    public int SeriesCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _series = new double[SeriesCount][];
        for (var i = 0; i < SeriesCount; i++)
        {
            // Log-uniform means between 0.3 and 40 a day.
            var mean = 0.3 * Math.Pow(40 / 0.3, random.NextDouble());
            var scenario = new Scenario("bench", SeriesFrequency.Daily, mean, 1.5, -0.05, 1, 0.2, WeekdayEffect: true);
            var counts = new double[Days];
            for (var t = 0; t < Days; t++)
            {
                counts[t] = CountSampler.NegativeBinomial(random, scenario.MeanAt(s_start, t), scenario.Dispersion);
            }

            _series[i] = counts;
        }
    }

    /// <summary>Every series on one core, one after the other.</summary>
    [Benchmark(Baseline = true)]
    public int OneCore()
    {
        var alarms = 0;
        foreach (var counts in _series)
        {
            alarms += Count(counts);
        }

        return alarms;
    }

    /// <summary>Series spread over every core of the machine.</summary>
    [Benchmark]
    public int AllCores()
    {
        var alarms = 0;
        Parallel.ForEach(_series, counts => Interlocked.Add(ref alarms, Count(counts)));
        return alarms;
    }

    private int Count(double[] counts)
    {
        var n = 0;
        foreach (var result in _detector.EvaluateAll(counts, SeriesFrequency.Daily, s_start))
        {
            n += result.Alarm ? 1 : 0;
        }

        return n;
    }
}
