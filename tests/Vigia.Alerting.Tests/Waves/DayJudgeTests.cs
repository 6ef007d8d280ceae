using Vigia.Alerting.Series;
using Vigia.Alerting.Waves;
using Vigia.Detection;

namespace Vigia.Alerting.Tests.Waves;

public class DayJudgeTests
{
    private static readonly DateOnly s_start = new(2014, 1, 1);

    [Theory]
    [InlineData("auto")]
    [InlineData("nb-cusum")]
    public void Judge_ReplayingDetectorOverAFewDays_EqualsEachDayJudgedAlone(string name)
    {
        var series = new DailySeries(s_start, Counts(3 * 365, seed: 7));
        var detector = Detectors.Create(name);
        var from = s_start.AddDays(3 * 365 - 10);
        var to = s_start.AddDays(3 * 365 - 1);

        var judged = DayJudge.Judge(detector, series, from, to);

        Assert.Equal(10, judged.Count);
        foreach (var day in judged)
        {
            var t = series.IndexOf(day.Date);
            var alone = detector.Evaluate(series.Counts.AsSpan(0, t + 1), t, SeriesFrequency.Daily, s_start);
            Assert.Equal(alone, day.Result);
        }
    }

    [Fact]
    public void Judge_ReplayingDetectorOverAFewDays_ReplaysTheSeriesOnce()
    {
        var series = new DailySeries(s_start, Counts(400, seed: 3));
        var detector = new CountingDetector(replays: true);

        DayJudge.Judge(detector, series, s_start.AddDays(390), s_start.AddDays(399));

        Assert.Equal((1, 0), (detector.WholeSeries, detector.SinglePoints));
    }

    [Fact]
    public void Judge_PointDetectorOverAFewDays_JudgesEachDayAlone()
    {
        var series = new DailySeries(s_start, Counts(400, seed: 3));
        var detector = new CountingDetector(replays: false);

        DayJudge.Judge(detector, series, s_start.AddDays(390), s_start.AddDays(399));

        Assert.Equal((0, 10), (detector.WholeSeries, detector.SinglePoints));
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("threshold")]
    public void Judge_AfterAnotherSeriesWasJudgedAndReturned_SaysWhatTheDetectorSays(string name)
    {
        // The verdicts' array comes back from the pool as the last judge left it: every day must be written anew.
        var detector = Detectors.Create(name);
        // From the fifth day: the first weeks are days the detector cannot judge yet, which it must say too.
        var first = new DailySeries(s_start, Counts(3 * 365, seed: 1));
        using (DayJudge.Judge(detector, first, s_start.AddDays(5), s_start.AddDays(3 * 365 - 1)))
        {
        }

        var series = new DailySeries(s_start, Counts(3 * 365, seed: 2));
        var from = s_start.AddDays(5);
        using var judged = DayJudge.Judge(detector, series, from, s_start.AddDays(3 * 365 - 1));

        var expected = detector.EvaluateAll(series.Counts, SeriesFrequency.Daily, s_start)[5..];
        Assert.Equal(expected.Select((r, i) => new DayResult(from.AddDays(i), r)), judged);
    }

    [Fact]
    public void Judge_DaysReadAfterDispose_Throw()
    {
        var judged = DayJudge.Judge(Detectors.Create("auto"), new DailySeries(s_start, Counts(400, seed: 3)), s_start.AddDays(390), s_start.AddDays(399));
        judged.Dispose();

        Assert.Throws<ObjectDisposedException>(() => judged[0]);
    }

    private static double[] Counts(int days, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, days).Select(_ => (double)random.Next(4, 15))];
    }

    /// <summary>Counts how a run of days is asked of it.</summary>
    private sealed class CountingDetector(bool replays) : IDetector
    {
        public int WholeSeries { get; private set; }

        public int SinglePoints { get; private set; }

        public string Name => "counting";

        public bool ReplaysHistory => replays;

        public DetectionResult Evaluate(ReadOnlySpan<double> counts, int t, SeriesFrequency frequency, DateOnly firstDate)
        {
            SinglePoints++;
            return DetectionResult.NotEvaluated(counts[t], Name);
        }

        public DetectionResult[] EvaluateAll(ReadOnlySpan<double> counts, SeriesFrequency frequency, DateOnly firstDate)
        {
            WholeSeries++;
            return [.. counts.ToArray().Select(c => DetectionResult.NotEvaluated(c, Name))];
        }
    }
}
