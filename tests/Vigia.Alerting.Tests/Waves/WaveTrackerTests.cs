using Vigia.Alerting.Alerts;
using Vigia.Alerting.Series;
using Vigia.Alerting.Waves;
using Vigia.Detection;

namespace Vigia.Alerting.Tests.Waves;

/// <summary>
/// The default rule's pattern, June 2017: relatives of security forces killed on June 11 (two) and
/// June 12 (one), arriving as separate incidents, the way alerting evaluates each arrival.
/// </summary>
public sealed class WaveTrackerTests
{
    private static readonly DateOnly s_june10 = new(2017, 6, 10);
    private static readonly DateOnly s_june11 = new(2017, 6, 11);
    private static readonly DateOnly s_june12 = new(2017, 6, 12);
    private static readonly DateOnly s_june13 = new(2017, 6, 13);
    private static readonly DateOnly s_june14 = new(2017, 6, 14);

    public static TheoryData<string> ArrivalOrders => ["11,11,12", "12,11,11", "11,12,11"];

    [Theory]
    [MemberData(nameof(ArrivalOrders))]
    public void Advance_ThreeKillingsOverJune11And12InAnyOrder_OpensExactlyOneAlert(string order)
    {
        var simulation = new ThresholdSimulation(count: 3, windowDays: 2);

        var events = order.Split(',').SelectMany(day => simulation.Arrive(new DateOnly(2017, 6, int.Parse(day, System.Globalization.CultureInfo.InvariantCulture)))).ToList();

        var opened = Assert.Single(events);
        Assert.Equal(WaveEventKind.Opened, opened.Kind);
        Assert.Equal(s_june11, opened.Wave.WindowStart);
        Assert.Equal(s_june12, opened.Wave.WindowEnd);
        Assert.Equal(3, opened.Wave.Observed);
        Assert.Equal("threshold", opened.Wave.Method);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Advance_QuietDaysStillInsideTheReportingDelay_DoNotResolveTheWave(bool insideDelay)
    {
        var tracker = new WaveTracker(windowDays: 2, minCount: 0);
        var counts = new double[20];
        counts[10] = 2; // June 11
        counts[11] = 1; // June 12
        var series = new DailySeries(new DateOnly(2017, 6, 1), counts);
        var detector = new ThresholdDetector(3, 2);
        var opened = tracker.Advance(WaveState.Quiet, series, DayJudge.Judge(detector, series, s_june11, s_june12), () => "wave");
        Assert.Equal(WaveEventKind.Opened, Assert.Single(opened.Events).Kind);

        var quiet = tracker.Advance(opened.State, series, DayJudge.Judge(detector, series, s_june13, s_june14.AddDays(2)), () => "other",
            incompleteFrom: insideDelay ? s_june13 : null);

        if (insideDelay)
        {
            Assert.Empty(quiet.Events);
            Assert.Equal("wave", quiet.State.Open?.AlertId);
        }
        else
        {
            var resolved = Assert.Single(quiet.Events);
            Assert.Equal((WaveEventKind.Resolved, WaveResolution.Quiet, s_june14), (resolved.Kind, resolved.Resolution, resolved.On));
            Assert.Null(quiet.State.Open);
        }
    }

    [Fact]
    public void Advance_FourthKillingTheNextDay_UpdatesTheSameAlert()
    {
        var simulation = new ThresholdSimulation(count: 3, windowDays: 2);
        var opened = simulation.Arrive(s_june11, s_june11, s_june12).Single();

        var updated = Assert.Single(simulation.Arrive(s_june13));

        Assert.Equal(WaveEventKind.Updated, updated.Kind);
        Assert.Equal(opened.Wave.AlertId, updated.Wave.AlertId);
        Assert.Equal(s_june11, updated.Wave.WindowStart);
        Assert.Equal(s_june13, updated.Wave.WindowEnd);
        Assert.Equal(4, updated.Wave.Observed);
    }

    [Fact]
    public void Advance_FourthKillingOnAnAlarmDay_UpdatesWithTheHigherCount()
    {
        var simulation = new ThresholdSimulation(count: 3, windowDays: 2);
        var opened = simulation.Arrive(s_june11, s_june11, s_june12).Single();

        var updated = Assert.Single(simulation.Arrive(s_june12));

        Assert.Equal(WaveEventKind.Updated, updated.Kind);
        Assert.Equal(opened.Wave.AlertId, updated.Wave.AlertId);
        Assert.Equal(4, updated.Wave.Observed);
        Assert.Equal(s_june12, updated.Wave.WindowEnd);
    }

    [Fact]
    public void Advance_QuietForTheWindowAfterTheLastAlarm_Resolves()
    {
        var simulation = new ThresholdSimulation(count: 3, windowDays: 2);
        var opened = simulation.Arrive(s_june11, s_june11, s_june12).Single();

        // June 13 is quiet but the window after June 12 has not passed yet.
        Assert.Empty(simulation.AdvanceHorizon(s_june13));
        var resolved = Assert.Single(simulation.AdvanceHorizon(s_june14));

        Assert.Equal(WaveEventKind.Resolved, resolved.Kind);
        Assert.Equal(opened.Wave.AlertId, resolved.Wave.AlertId);
        Assert.Null(simulation.State.Open);
    }

    [Fact]
    public void Advance_SameDaysJudgedAgain_EmitsNothing()
    {
        var simulation = new ThresholdSimulation(count: 3, windowDays: 2);
        simulation.Arrive(s_june11, s_june11, s_june12);
        var before = simulation.State;

        Assert.Empty(simulation.Rejudge(s_june10, s_june12));
        Assert.Equal(before, simulation.State);
    }

    [Fact]
    public void Advance_ResolvedWaveJudgedAgain_DoesNotReopen()
    {
        var simulation = new ThresholdSimulation(count: 3, windowDays: 2);
        simulation.Arrive(s_june11, s_june11, s_june12);
        simulation.AdvanceHorizon(s_june14);

        Assert.Empty(simulation.Rejudge(s_june10, s_june14));
        Assert.Null(simulation.State.Open);
    }

    [Fact]
    public void Advance_AlarmBelowMinCount_NeverAlarms()
    {
        var simulation = new ThresholdSimulation(count: 3, windowDays: 2, minCount: 5);

        Assert.Empty(simulation.Arrive(s_june11, s_june11, s_june12, s_june12));
    }

    [Fact]
    public void Advance_DailyDetectorQuietDayBetweenSpikes_ResolvesThenOpensASecondAlert()
    {
        var counts = new DailySeries(s_june10, [25, 9, 25]);
        var tracker = new WaveTracker(windowDays: 1, minCount: 0);
        var days = DayJudge.Judge(new AtLeastDetector(20), counts, s_june10, s_june12);

        var step = tracker.Advance(WaveState.Quiet, counts, days, NewIds());

        Assert.Equal([WaveEventKind.Opened, WaveEventKind.Resolved, WaveEventKind.Opened], step.Events.Select(e => e.Kind));
        Assert.Equal(step.Events[0].Wave.AlertId, step.Events[1].Wave.AlertId);
        Assert.NotEqual(step.Events[0].Wave.AlertId, step.Events[2].Wave.AlertId);
        Assert.Equal(25, step.Events[0].Wave.Observed);
    }

    [Fact]
    public void Advance_QuietDayBetweenSpikesWithinTheHold_OneAlertOverBothSpikes()
    {
        var counts = new DailySeries(s_june10, [25, 9, 25, 9]);
        var tracker = new WaveTracker(windowDays: 1, minCount: 0, holdDays: 3);
        var days = DayJudge.Judge(new AtLeastDetector(20), counts, s_june10, s_june13);

        var step = tracker.Advance(WaveState.Quiet, counts, days, NewIds());

        var opened = Assert.Single(step.Events);
        Assert.Equal(WaveEventKind.Opened, opened.Kind);
        Assert.Equal((s_june10, s_june12), (opened.Wave.WindowStart, opened.Wave.WindowEnd));
        Assert.NotNull(step.State.Open);
    }

    [Fact]
    public void Advance_AlarmWithinTheCooldownAfterResolving_ReopensTheSameAlert()
    {
        var counts = new DailySeries(s_june10, [25, 9, 9, 25]);
        var tracker = new WaveTracker(windowDays: 1, minCount: 0, holdDays: 1, cooldownDays: 5);
        var days = DayJudge.Judge(new AtLeastDetector(20), counts, s_june10, s_june13);

        var step = tracker.Advance(WaveState.Quiet, counts, days, NewIds());

        Assert.Equal([WaveEventKind.Opened, WaveEventKind.Resolved, WaveEventKind.Reopened], step.Events.Select(e => e.Kind));
        Assert.Equal(WaveResolution.Quiet, step.Events[1].Resolution);
        Assert.Single(step.Events.Select(e => e.Wave.AlertId).Distinct());
        Assert.Equal((s_june10, s_june13), (step.Events[2].Wave.WindowStart, step.Events[2].Wave.WindowEnd));
    }

    [Fact]
    public void Advance_EveryIncidentOfTheWaveRetracted_ResolvesItAsWithdrawn()
    {
        var simulation = new ThresholdSimulation(count: 3, windowDays: 2);
        var opened = simulation.Arrive(s_june11, s_june11, s_june12).Single();

        var events = simulation.Retract(s_june11, s_june11, s_june12);

        var resolved = Assert.Single(events);
        Assert.Equal((WaveEventKind.Resolved, WaveResolution.Withdrawn), (resolved.Kind, resolved.Resolution));
        Assert.Equal(opened.Wave.AlertId, resolved.Wave.AlertId);
        Assert.Null(simulation.State.Open);
    }

    [Fact]
    public void Advance_OneOfFourKillingsRetracted_UpdatesTheWaveDownToThree()
    {
        var simulation = new ThresholdSimulation(count: 3, windowDays: 2);
        var opened = simulation.Arrive(s_june11, s_june11, s_june12, s_june12).Last();
        Assert.Equal(4, opened.Wave.Observed);

        var updated = Assert.Single(simulation.Retract(s_june12));

        Assert.Equal(WaveEventKind.Updated, updated.Kind);
        Assert.Equal(opened.Wave.AlertId, updated.Wave.AlertId);
        Assert.Equal(3, updated.Wave.Observed);
    }

    [Fact]
    public void Advance_WaveJudgedAgainWithTheSameCounts_AnnouncesNothing()
    {
        var simulation = new ThresholdSimulation(count: 3, windowDays: 2);
        simulation.Arrive(s_june11, s_june11, s_june12);

        Assert.Empty(simulation.Rejudge(s_june11, s_june12));
        Assert.NotNull(simulation.State.Open);
    }

    [Fact]
    public void Advance_OpenedAndGrownInOneRun_AnnouncesOneOpenedWithTheFinalState()
    {
        var counts = new DailySeries(s_june10, [0, 3, 2]);
        var tracker = new WaveTracker(windowDays: 2, minCount: 0);
        var days = DayJudge.Judge(new ThresholdDetector(3, 2), counts, s_june11, s_june12);

        var step = tracker.Advance(WaveState.Quiet, counts, days, NewIds());

        var opened = Assert.Single(step.Events);
        Assert.Equal(WaveEventKind.Opened, opened.Kind);
        Assert.Equal(5, opened.Wave.Observed);
        Assert.Equal(s_june12, opened.Wave.WindowEnd);
    }

    [Fact]
    public void DaysToJudge_ChangeAfterTheHorizonWindow_StopsAtTheHorizon()
    {
        var tracker = new WaveTracker(windowDays: 2, minCount: 0);

        var range = tracker.DaysToJudge(WaveState.Quiet, s_june12, s_june12, horizon: s_june12);

        Assert.Equal((s_june12, s_june12), range);
    }

    private static Func<string> NewIds()
    {
        var next = 0;
        return () => $"alert-{++next}";
    }

    /// <summary>Alarms on any day whose count reaches a level: a stand-in for a detector that judges single days.</summary>
    private sealed class AtLeastDetector(double level) : IDetector
    {
        public string Name => "at-least";

        public DetectionResult Evaluate(ReadOnlySpan<double> counts, int t, SeriesFrequency frequency, DateOnly firstDate) =>
            new(counts[t] >= level, counts[t], level / 2, level - 1, counts[t] / level, Name);
    }

    /// <summary>
    /// What alerting does with each arriving incident: advance the horizon, judge the days the
    /// change touched with the threshold detector, and keep the state.
    /// </summary>
    private sealed class ThresholdSimulation(int count, int windowDays, int minCount = 0)
    {
        private readonly Dictionary<DateOnly, double> _counts = [];
        private readonly WaveTracker _tracker = new(windowDays, minCount);
        private readonly IDetector _detector = new ThresholdDetector(count, windowDays);
        private readonly Func<string> _ids = NewIds();
        private DateOnly _horizon = DateOnly.MinValue;

        public WaveState State { get; private set; } = WaveState.Quiet;

        public List<WaveEvent> Arrive(params DateOnly[] days)
        {
            var events = new List<WaveEvent>();
            foreach (var day in days)
            {
                _counts[day] = _counts.GetValueOrDefault(day) + 1;
                _horizon = day > _horizon ? day : _horizon;
                events.AddRange(Judge(day, day));
            }

            return events;
        }

        /// <summary>One incident on each day withdrawn, each as its own change.</summary>
        public List<WaveEvent> Retract(params DateOnly[] days)
        {
            var events = new List<WaveEvent>();
            foreach (var day in days)
            {
                _counts[day] -= 1;
                events.AddRange(Judge(day, day));
            }

            return events;
        }

        public List<WaveEvent> AdvanceHorizon(DateOnly horizon)
        {
            _horizon = horizon;
            return Judge(horizon, horizon);
        }

        public List<WaveEvent> Rejudge(DateOnly from, DateOnly to) => Run(from, to);

        private List<WaveEvent> Judge(DateOnly firstChanged, DateOnly lastChanged) =>
            _tracker.DaysToJudge(State, firstChanged, lastChanged, _horizon) is var (from, to) ? Run(from, to) : [];

        private List<WaveEvent> Run(DateOnly from, DateOnly to)
        {
            var first = from.AddDays(-30);
            var series = new DailySeries(first, [.. Enumerable.Range(0, to.DayNumber - first.DayNumber + 1)
                .Select(i => _counts.GetValueOrDefault(first.AddDays(i)))]);
            var step = _tracker.Advance(State, series, DayJudge.Judge(_detector, series, from, to), _ids);
            State = step.State;
            return [.. step.Events];
        }
    }
}
