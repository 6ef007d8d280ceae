using BenchmarkDotNet.Attributes;
using Vigia.Detection;
using Vigia.Detection.Baselines;

namespace Vigia.Benchmarks;

/// <summary>
/// What alerting pays per series per pass with the automatic detector: a replay of six years of daily counts (the
/// five years of history a pass reads, from its 364-day grid), every baseline fitted afresh (a history the memo has not
/// seen, as after a bulk load spread over those years) against a replay after one more incident today, whose baselines
/// all come from <see cref="FittedBaselines"/> (what a live report cost before the checkpoints), against judging today
/// after one more incident as the judge does, the replay resumed from the last checkpoint before today
/// (<see cref="ReplayCheckpoints"/>: what a live report costs).
/// </summary>
public class DetectorReplayBenchmarks
{
    private static readonly DateOnly s_start = new(2020, 12, 7);
    private readonly IDetector _detector = Detectors.Create("auto");
    private double[] _counts = [];

    [GlobalSetup]
    public void SetUp()
    {
        var random = new Random(7);
        _counts = [.. Enumerable.Range(0, 6 * 365).Select(_ => (double)random.Next(5, 14))];
    }

    [Benchmark(Baseline = true, Description = "Replay 6 years daily, every baseline fitted (memo cleared)")]
    public int FittedAfresh()
    {
        FittedBaselines.Clear();
        return _detector.EvaluateAll(_counts, SeriesFrequency.Daily, s_start).Length;
    }

    [Benchmark(Description = "Replay 6 years daily after one more incident today (baselines from the memo)")]
    public int FromTheMemo()
    {
        _counts[^1]++;
        return _detector.EvaluateAll(_counts, SeriesFrequency.Daily, s_start).Length;
    }

    [Benchmark(Description = "Judge today after one more incident today (replay resumed from its checkpoint)")]
    public int FromTheCheckpoint()
    {
        _counts[^1]++;
        return _detector.EvaluateFrom(_counts, _counts.Length - 1, SeriesFrequency.Daily, s_start).Length;
    }
}
