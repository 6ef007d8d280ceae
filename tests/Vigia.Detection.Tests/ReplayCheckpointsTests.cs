using CsCheck;

namespace Vigia.Detection.Tests;

/// <summary>
/// The automatic detector goes on from where an earlier replay of the same past stood (<see cref="ReplayCheckpoints"/>)
/// and says exactly what a replay from the first day says. Run alone: the checkpoints are the process's, and these
/// count and look them up.
/// </summary>
[Collection(nameof(ProcessMemosRunAlone))]
public sealed class ReplayCheckpointsTests
{
    private static readonly DateOnly s_start = new(2015, 1, 1);

    [Fact]
    public void EvaluateFrom_AnyHistoryAmendedAnywhereAfterAnEarlierReplay_SaysWhatAReplayFromTheFirstDaySays()
    {
        // Dense counts, sparse counts (the window scan), a level that falls fivefold (the recent level takes over), a
        // drift (the local forecast wins) and, after such a fall, waves that alarm on the days just before checkpoints
        // (a resumed replay must remember them to keep them out of the recent level), amended before, across and after the
        // checkpoints the first replay left.
        var amendments = Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[1, 30]).Array[0, 6];
        var cases = Gen.Select(Gen.Int[0, 4], Gen.Int[1, 1000], Gen.Int[200, 6 * 365], Gen.Double[0, 1], Gen.Double[0, 1], amendments);

        cases.Sample((kind, seed, length, firstFrom, secondFrom, changes) =>
        {
            var detector = Detectors.Create("auto");
            var counts = Series(kind, length, seed);
            detector.EvaluateFrom(counts, (int)(firstFrom * length), SeriesFrequency.Daily, s_start);
            var amended = (double[])counts.Clone();
            foreach (var (at, by) in changes)
            {
                amended[at % length] += by;
            }

            var from = (int)(secondFrom * length);
            var resumed = detector.EvaluateFrom(amended, from, SeriesFrequency.Daily, s_start);
            var replayed = detector.EvaluateAll(amended, SeriesFrequency.Daily, s_start)[from..];

            Assert.Equal(replayed, resumed);
        }, iter: 60);
    }

    [Fact]
    public void EvaluateFrom_TodaysCountGrew_ResumesWithinAStrideOfToday()
    {
        var detector = Detectors.Create("auto");
        var counts = SeriesBuilder.NegativeBinomial(6 * 365, mean: 9, dispersion: 1.5, seed: 5);
        var today = counts.Length - 1;
        detector.EvaluateFrom(counts, today, SeriesFrequency.Daily, s_start);

        // A live report adds to today: the replay up to the last checkpoint before today saw the same counts.
        counts[today] += 3;
        var resumedBefore = ReplayCheckpoints.Resumed;
        var resumed = detector.EvaluateFrom(counts, today, SeriesFrequency.Daily, s_start);
        var keys = ReplayCheckpoints.KeysOf(counts, SeriesFrequency.Daily, s_start, ((AutomaticDetector)detector).Options);

        Assert.Equal(1, ReplayCheckpoints.Resumed - resumedBefore);
        Assert.Equal(today - today % ReplayCheckpoints.Stride, ReplayCheckpoints.Latest(keys, today)?.Point);
        Assert.Equal(detector.EvaluateAll(counts, SeriesFrequency.Daily, s_start)[today], Assert.Single(resumed));
    }

    [Fact]
    public void EvaluateFrom_ResumedRightAfterAWave_KeepsTheWavesDaysOutOfTheRecentLevel()
    {
        // Five years at one level, then a fivefold fall (the recent level takes over from the regression) with a
        // three-day wave before every other checkpoint: the points after a checkpoint must still know the wave alarmed.
        var detector = Detectors.Create("auto");
        var counts = Series(4, 6 * 365, seed: 9);
        var from = 27 * 2 * ReplayCheckpoints.Stride;
        var replayed = detector.EvaluateAll(counts, SeriesFrequency.Daily, s_start)[from..];
        Assert.True(replayed.Take(ReplayCheckpoints.Stride).Any(r => r.Method == "recent-level"), "the recent level never took over");
        detector.EvaluateFrom(counts, from, SeriesFrequency.Daily, s_start);

        var resumedBefore = ReplayCheckpoints.Resumed;
        var resumed = detector.EvaluateFrom(counts, from, SeriesFrequency.Daily, s_start);

        Assert.Equal(1, ReplayCheckpoints.Resumed - resumedBefore);
        Assert.Equal(replayed, resumed);
    }

    [Fact]
    public void EvaluateFrom_ACountAmendedYearsBack_ResumesOnlyBeforeTheAmendedDay()
    {
        var detector = Detectors.Create("auto");
        var counts = SeriesBuilder.NegativeBinomial(6 * 365, mean: 9, dispersion: 1.5, seed: 6);
        var today = counts.Length - 1;
        var checkpointBefore = 400 - 400 % ReplayCheckpoints.Stride;
        // A pass judging from day 400 leaves a checkpoint before it, and one before today.
        detector.EvaluateFrom(counts, 400, SeriesFrequency.Daily, s_start);

        // Day 400 amended: the checkpoint before today replayed a count that is no longer there; the one before day 400 did not.
        counts[400] += 25;
        var keys = ReplayCheckpoints.KeysOf(counts, SeriesFrequency.Daily, s_start, ((AutomaticDetector)detector).Options);

        Assert.Equal(checkpointBefore, ReplayCheckpoints.Latest(keys, today)?.Point);
        Assert.Equal(
            detector.EvaluateAll(counts, SeriesFrequency.Daily, s_start)[(today - 30)..],
            detector.EvaluateFrom(counts, today - 30, SeriesFrequency.Daily, s_start));
    }

    [Fact]
    public void EvaluateFrom_ADetectorWithOtherOptions_NeverResumesAnotherDetectorsReplay()
    {
        var counts = SeriesBuilder.NegativeBinomial(3 * 365, mean: 6, dispersion: 1.3, seed: 8);
        var today = counts.Length - 1;
        Detectors.Create("auto").EvaluateFrom(counts, today, SeriesFrequency.Daily, s_start);
        var moreSensitive = new AutomaticDetector(sensitivity: 3.0);
        var keys = ReplayCheckpoints.KeysOf(counts, SeriesFrequency.Daily, s_start, moreSensitive.Options);

        Assert.Null(ReplayCheckpoints.Latest(keys, today));
        Assert.Equal(moreSensitive.EvaluateAll(counts, SeriesFrequency.Daily, s_start)[today..], moreSensitive.EvaluateFrom(counts, today, SeriesFrequency.Daily, s_start));
    }

    private static double[] Series(int kind, int length, int seed) => kind switch
    {
        0 => SeriesBuilder.NegativeBinomial(length, mean: 9, dispersion: 1.5, seed),
        1 => SeriesBuilder.NegativeBinomial(length, mean: 0.3, dispersion: 1.2, seed),
        2 => [.. SeriesBuilder.NegativeBinomial(length, mean: 20, dispersion: 1.4, seed).Select((c, t) => t < length * 2 / 3 ? c : Math.Round(c / 5))],
        3 => SeriesBuilder.Drifting(length, mean: 9, logStepSd: 0.03, seed),
        _ => [.. Series(2, length, seed).Select((c, t) => (t + 3) % (2 * ReplayCheckpoints.Stride) < 3 ? c + 30 : c)],
    };
}
