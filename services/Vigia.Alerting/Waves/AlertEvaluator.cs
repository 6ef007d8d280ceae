using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Series;
using Vigia.Alerting.Silences;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Waves;

/// <summary>
/// Judges the series a batch of incident changes touched, for every enabled rule, and records what
/// happened to their waves. Each rule reads every series it judges in one statistics call. Everything
/// goes into the caller's unit of work, to be saved in one SaveChanges with the inbox mark.
/// </summary>
public sealed class AlertEvaluator(
    AlertingDbContext db, RuleCatalog rules, SilenceCatalog silences, ISeriesSource seriesSource, AlertRecorder recorder,
    TimeProvider time, AlertingMetrics metrics, ILogger<AlertEvaluator> logger)
{
    private const string RuleSavepoint = "rule";
    private const int HistoryGridDays = 364;

    /// <summary>
    /// Returns how many alert events were recorded. Runs inside the caller's transaction. A pass has three steps: each
    /// rule is planned (the series it must judge, its waves read under their series' locks, its incidents tracked), the
    /// series of every planned rule are read from statistics at once, and each rule judges its series. The reads are
    /// most of a small pass's time (a live report touches three rules, each a statistics call of 5–30 ms), so they
    /// overlap instead of following each other. Each rule's steps are saved behind a savepoint, so a rule that fails is
    /// rolled back alone and marked failing (<see cref="RuleFailures"/>) while the others go on.
    /// </summary>
    public async Task<int> ApplyAsync(SeriesChanged message, CancellationToken ct)
    {
        var snapshots = message.Changes.SelectMany(c => c.Previous is null ? new[] { c.Current } : [c.Previous, c.Current]).ToList();
        if (snapshots.Count == 0)
        {
            return 0;
        }

        var horizon = await DataHorizon.AdvanceAsync(db, snapshots.Max(s => s.OccurredOn), ct);
        await DataStart.AdvanceAsync(db, snapshots, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var active = await silences.ActiveAsync(now, ct);
        var firstChanged = snapshots.Min(s => s.OccurredOn);
        // The horizon (and the inbox mark) are saved before any rule, so no rule's rollback undoes them.
        await db.SaveChangesAsync(ct);
        // Every rule's open waves in one read, before any lock (each rule reads its own again under its locks).
        var open = (await db.Waves.AsNoTracking().Where(w => w.AlertId != null && w.ResolvedOn == null)
                .Select(w => new { w.RuleId, w.SeriesKey, w.LastAlarmDay }).ToListAsync(ct))
            .ToLookup(w => w.RuleId, w => new OpenWave(w.SeriesKey, w.LastAlarmDay!.Value), StringComparer.Ordinal);
        var failing = 0;
        var planned = new List<RulePlan>();
        foreach (var record in await rules.EnabledAsync(ct))
        {
            if (record.NextRetryAt is { } retry && retry > now)
            {
                await RuleFailures.NoteSkippedAsync(db, record, firstChanged, ct);
                failing++;
                continue;
            }

            var plan = new RulePlan(record);
            var scoped = await StepAsync(plan, firstChanged, now, () =>
            {
                Scope(plan, message.Changes, open[record.RuleId], horizon);
                return Task.CompletedTask;
            }, ct, savepoint: false);
            if (!scoped || (!plan.Done && !await StepAsync(plan, firstChanged, now, () => PlanAsync(plan, horizon, today, ct), ct)))
            {
                failing++;
            }
            else if (plan.Judged.Count > 0)
            {
                planned.Add(plan);
            }
        }

        var counts = await Task.WhenAll(planned.Select(p => FetchAsync(p, ct)));
        var recorded = 0;
        for (var i = 0; i < planned.Count; i++)
        {
            var plan = planned[i];
            var fetched = counts[i];
            if (fetched.Failure is { } failure)
            {
                // Nothing was written since the plan step: there is nothing to undo.
                await FailAsync(plan, failure, firstChanged, now, ct);
                failing++;
            }
            else if (await StepAsync(plan, firstChanged, now, async () => plan.Events = await JudgeAsync(plan, fetched.Series!, active, today, ct), ct))
            {
                recorded += plan.Events;
            }
            else
            {
                failing++;
            }
        }

        metrics.RecordFailingRules(failing);
        if (recorded > 0 && snapshots.Max(s => s.RecordedAt) is { } newest)
        {
            metrics.RecordAlertLatency(time.GetUtcNow().UtcDateTime - newest);
        }

        return recorded;
    }

    /// <summary>
    /// One step of a rule behind a savepoint. On success its changes are saved and the rule, once it has nothing left to
    /// do in the pass, is marked healthy; a failure that is not transient is undone back to the savepoint and marks the
    /// rule failing (a transient one is thrown: the whole pass waits for its dependency). Returns whether it succeeded.
    /// </summary>
    /// <param name="savepoint">False for a step that sends no statement: it has nothing to undo.</param>
    private async Task<bool> StepAsync(RulePlan plan, DateOnly firstChanged, DateTime now, Func<Task> step, CancellationToken ct, bool savepoint = true)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Alert evaluation runs inside the caller's transaction.");
        var record = plan.Record;
        if (savepoint)
        {
            await transaction.CreateSavepointAsync(RuleSavepoint, ct);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await step();
            await db.SaveChangesAsync(ct);
            if (plan.Done)
            {
                await RuleFailures.MarkHealthyAsync(db, record, ct);
            }

            if (savepoint)
            {
                await transaction.ReleaseSavepointAsync(RuleSavepoint, ct);
            }

            plan.Elapsed += Stopwatch.GetElapsedTime(started);
            if (plan.Done)
            {
                metrics.RecordEvaluation(record.RuleId, plan.Elapsed, failed: false);
            }

            return true;
        }
        catch (Exception ex) when (!RuleFailures.IsTransient(ex))
        {
            if (savepoint)
            {
                await transaction.RollbackToSavepointAsync(RuleSavepoint, ct);
                db.ChangeTracker.Clear();
            }

            plan.Elapsed += Stopwatch.GetElapsedTime(started);
            await FailAsync(plan, ex, firstChanged, now, ct);
            return false;
        }
    }

    /// <summary>Marks the rule failing: it is skipped until its retry, and then catches up from the first day it skipped.</summary>
    private async Task FailAsync(RulePlan plan, Exception error, DateOnly firstChanged, DateTime now, CancellationToken ct)
    {
        var record = plan.Record;
        await RuleFailures.MarkFailingAsync(db, record, error, firstChanged, now, ct);
        metrics.RecordEvaluation(record.RuleId, plan.Elapsed, failed: true);
        logger.LogError(error, "Rule {RuleId} failed to evaluate and is skipped until {RetryAt}; the other rules go on",
            record.RuleId, now + RuleFailures.Backoff(record.Failures + 1));
    }

    /// <summary>
    /// Finds the series of the rule the changes touched and its open waves due to resolve, from the message and the
    /// pass's read of the open waves alone (no statement: a rule with nothing to do costs the pass nothing).
    /// </summary>
    private static void Scope(RulePlan plan, IReadOnlyList<SeriesChange> changes, IEnumerable<OpenWave> open, DateOnly horizon)
    {
        var rule = plan.Record.Read();
        var selection = Selection.From(rule.Selector);
        var detector = RuleDetector.For(rule.Detector);
        var tracker = detector.TrackerFor(rule);
        plan.Rule = rule;
        plan.Selection = selection;
        plan.Detector = detector;
        plan.Tracker = tracker;
        foreach (var change in changes)
        {
            var matched = false;
            foreach (var snapshot in new[] { change.Previous, change.Current })
            {
                if (snapshot is null || !selection.Matches(snapshot))
                {
                    continue;
                }

                matched = true;
                foreach (var series in SeriesKeys.SeriesOf(selection, rule.GroupBy, snapshot))
                {
                    if (!plan.Affected.TryGetValue(series.Key, out var entry))
                    {
                        entry = (series.Selection, []);
                        plan.Affected[series.Key] = entry;
                    }

                    entry.Dates.Add(snapshot.OccurredOn);
                }
            }

            if (matched)
            {
                plan.Touched.Add(change);
            }
        }

        // An open wave resolves only once its quiet period has reached the horizon; until then it needs neither a lock
        // nor a look.
        plan.Due = [.. open.Where(w => w.LastAlarmDay.AddDays(tracker.HoldDays) <= horizon).Select(w => w.SeriesKey)];
        // Nothing the rule counts moved, none of its waves is due to resolve and it has no skipped days to catch up on.
        plan.Done = plan.Affected.Count == 0 && plan.Due.Count == 0 && plan.Record.SkippedFrom is null;
    }

    /// <summary>
    /// Locks the series the rule will judge, tracks the rule's incidents and reporting delays, and reads the waves:
    /// what the rule will judge, and from which day on.
    /// </summary>
    private async Task PlanAsync(RulePlan plan, DateOnly horizon, DateOnly today, CancellationToken ct)
    {
        var (rule, selection, detector, tracker) = (plan.Rule!, plan.Selection!, plan.Detector!, plan.Tracker!);
        var (affected, touched) = (plan.Affected, plan.Touched);
        // The first day of changes the rule skipped while failing: every series of the rule is judged from it.
        if (plan.Record.SkippedFrom is { } skipped && skipped <= horizon)
        {
            await AddSkippedAsync(rule, selection, affected, skipped, horizon, ct);
        }

        var due = plan.Due.Where(key => !affected.ContainsKey(key)).ToList();
        if (affected.Count == 0 && due.Count == 0)
        {
            plan.Done = true;
            return;
        }

        // Another replica may be judging some of these series: wait for it, then read the waves as it left them.
        await SeriesLocks.LockAsync(db, rule.RuleId, affected.Keys.Concat(due), ct);
        await TrackIncidentsAsync(rule, selection, touched, ct);
        var delays = await LearnDelaysAsync(rule, selection, touched, [.. affected.Keys.Concat(due)], ct);

        // Read untracked: the rule's judge step attaches the ones it changes, so a rule that fails before it (and clears
        // the change tracker) cannot take another rule's waves with it.
        var waves = await db.Waves.AsNoTracking().Where(w => w.RuleId == rule.RuleId).ToDictionaryAsync(w => w.SeriesKey, StringComparer.Ordinal, ct);
        var judged = new List<SeriesToJudge>();
        foreach (var (key, (series, dates)) in affected)
        {
            waves.TryGetValue(key, out var wave);
            AddIfDue(judged, tracker, detector, key, series, wave, dates.Min, dates.Max, horizon, delays.GetValueOrDefault(key));
        }

        // A wave whose quiet period the horizon has passed resolves even when no incident touched its series (only the
        // waves locked above: one another replica opened or extended since is judged by the next batch).
        foreach (var key in due)
        {
            var delay = delays.GetValueOrDefault(key);
            if (waves.TryGetValue(key, out var wave) && wave.IsOpen && wave.LastAlarmDay!.Value.AddDays(tracker.HoldDays) is var quietOn
                && quietOn <= horizon && quietOn < ReportingDelay.IncompleteFrom(today, delay))
            {
                // Nothing changed in the series: judge just its quiet period (the tracker widens the range to it).
                AddIfDue(judged, tracker, detector, key, Selection.From(wave.ToSeries()), wave, horizon, horizon, horizon, delay);
            }
        }

        plan.Judged = judged;
        plan.Done = judged.Count == 0;
    }

    /// <summary>
    /// Reads every series the rule judges in one statistics call. A failure that is not transient (statistics refusing
    /// what the rule asks) is returned, to fail the rule alone; a transient one is thrown.
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, SourcedSeries>? Series, Exception? Failure)> FetchAsync(RulePlan plan, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var rule = plan.Rule!;
            var judged = plan.Judged;
            return (await seriesSource.GetSeriesAsync(
                Selection.Union(plan.Selection!, judged.Select(j => j.Series)), rule.Measure,
                rule.GroupBy == GroupBy.Unspecified ? GroupBy.None : rule.GroupBy, judged.Min(j => j.FetchFrom), judged.Max(j => j.To), ct), null);
        }
        catch (Exception ex) when (!RuleFailures.IsTransient(ex) && !ct.IsCancellationRequested)
        {
            return (null, ex);
        }
        finally
        {
            plan.Elapsed += Stopwatch.GetElapsedTime(started);
        }
    }

    /// <summary>Judges the planned series on the counts read for them; returns how many alert events were recorded.</summary>
    private async Task<int> JudgeAsync(
        RulePlan plan, IReadOnlyDictionary<string, SourcedSeries> counts, IReadOnlyList<Silence> active, DateOnly today, CancellationToken ct)
    {
        plan.Done = true;
        var recorded = 0;
        foreach (var series in plan.Judged)
        {
            if (series.Record is { } record)
            {
                db.Waves.Attach(record);
            }

            var daily = counts.TryGetValue(series.Key, out var sourced)
                ? sourced.Counts.Slice(series.FetchFrom, series.To)
                : new DailySeries(series.FetchFrom, new double[series.To.DayNumber - series.FetchFrom.DayNumber + 1]);
            recorded += await AdvanceAsync(plan.Rule!, plan.Detector!, plan.Tracker!, series, daily, active, today, ct);
        }

        return recorded;
    }

    /// <summary>Every series of the rule with counts since <paramref name="from"/>, to be judged from that day.</summary>
    private async Task AddSkippedAsync(
        Rule rule, Selection selection, Dictionary<string, (Selection Series, SortedSet<DateOnly> Dates)> affected, DateOnly from, DateOnly horizon,
        CancellationToken ct)
    {
        var sourced = await seriesSource.GetSeriesAsync(selection, rule.Measure, rule.GroupBy == GroupBy.Unspecified ? GroupBy.None : rule.GroupBy, from, horizon, ct);
        foreach (var (key, series) in sourced.Where(s => s.Value.Counts.Counts.Any(c => c > 0)))
        {
            if (!affected.TryGetValue(key, out var entry))
            {
                entry = (series.Selection, []);
                affected[key] = entry;
            }

            entry.Dates.Add(from);
            entry.Dates.Add(horizon);
        }
    }

    /// <summary>Adds the series when its wave has days to judge, with the history its detector needs.</summary>
    private static void AddIfDue(
        List<SeriesToJudge> judged, WaveTracker tracker, RuleDetector detector, string key, Selection series, WaveStateRecord? record,
        DateOnly firstChanged, DateOnly lastChanged, DateOnly horizon, int delayDays)
    {
        var state = record?.ToState() ?? WaveState.Quiet;
        if (tracker.DaysToJudge(state, firstChanged, lastChanged, horizon) is not var (from, to))
        {
            return;
        }

        var fetchFrom = from.AddDays(-detector.HistoryDays);
        if (state.Open is { } current && current.WindowStart < fetchFrom)
        {
            fetchFrom = current.WindowStart;
        }

        judged.Add(new SeriesToJudge(key, series, record, state, from, to, HistoryStart(fetchFrom), delayDays));
    }

    /// <summary>
    /// Where a series' history is read from: <paramref name="from"/> rounded down to a grid of 364 days (whole weeks, 13
    /// refits of the automatic detector's baseline). Every pass whose days fall in one cell replays the series from the
    /// same first day, so the baselines fitted over that history are the same fits and come from the detector's memo
    /// instead of being fitted again; read from exactly five years back, a series judged today and again tomorrow would
    /// start a day later and every fit would be new.
    /// </summary>
    private static DateOnly HistoryStart(DateOnly from) => DateOnly.FromDayNumber(from.DayNumber - (from.DayNumber % HistoryGridDays));

    private async Task<int> AdvanceAsync(
        Rule rule, RuleDetector detector, WaveTracker tracker, SeriesToJudge series, DailySeries counts, IReadOnlyList<Silence> active,
        DateOnly today, CancellationToken ct)
    {
        var start = await DataStart.ForAsync(db, series.Series, ct);
        counts = counts.StartingAt(start > series.From ? series.From : start);
        var days = DayJudge.Judge(detector.Detector, counts, series.From, series.To);
        // Days still inside the series' reporting delay may alarm (provisionally), but their quiet ends no wave.
        var step = tracker.Advance(series.State, counts, days, () => NewId.NextGuid().ToString(),
            ReportingDelay.IncompleteFrom(today, series.DelayDays));
        var record = series.Record;
        if (record is null)
        {
            if (step.State == WaveState.Quiet)
            {
                return 0;
            }

            record = WaveStateRecord.For(rule.RuleId, series.Key, series.Series.ToSelector());
            db.Waves.Add(record);
        }

        record.Store(step.State);
        if (step.Events.Count > 0)
        {
            logger.LogInformation("Rule {RuleId} series {SeriesKey}: {Events}", rule.RuleId, series.Key,
                string.Join(", ", step.Events.Select(e => $"{e.Kind} {e.Wave.AlertId} {e.Wave.WindowStart}..{e.Wave.WindowEnd} observed {e.Wave.Observed}")));
            await recorder.RecordAsync(rule, series.Key, series.Series.ToSelector(), step.Events, active, series.DelayDays, ct);
        }

        return step.Events.Count;
    }

    /// <summary>Keeps which incidents count in which series of the rule, so alerts can name them.</summary>
    private async Task TrackIncidentsAsync(Rule rule, Selection selection, List<SeriesChange> touched, CancellationToken ct)
    {
        if (touched.Count == 0)
        {
            return;
        }

        var ids = touched.Select(c => c.Current.IncidentId).Distinct().ToList();
        var tracked = (await db.SeriesIncidents.Where(s => s.RuleId == rule.RuleId && ids.Contains(s.IncidentId)).ToListAsync(ct))
            .ToLookup(s => s.IncidentId);

        // The latest version of each incident in the batch wins, unless a later one was judged first (the judge takes
        // small messages ahead of a bulk backlog, so an amendment can overtake the batch that created its incident).
        // New rows go in by bulk insert (inside this rule's savepoint, so a failing rule takes them back): a bulk load
        // adds one per incident per rule and series, and tracking them cost more than judging the series.
        var added = new List<SeriesIncidentRecord>();
        foreach (var current in touched.Select(c => c.Current).GroupBy(s => s.IncidentId).Select(g => g.MaxBy(s => s.Version)!))
        {
            var rows = tracked[current.IncidentId].ToList();
            if (rows.Any(r => r.Version > current.Version))
            {
                continue;
            }

            db.SeriesIncidents.RemoveRange(rows);
            if (current.Retracted || !selection.Matches(current))
            {
                continue;
            }

            foreach (var series in SeriesKeys.SeriesOf(selection, rule.GroupBy, current))
            {
                var row = rows.FirstOrDefault(r => r.SeriesKey == series.Key);
                if (row is not null)
                {
                    // Same key as a row being removed: keep the tracked row instead of adding a twin.
                    db.Entry(row).State = EntityState.Modified;
                    row.OccurredOn = current.OccurredOn;
                    row.Version = current.Version;
                    continue;
                }

                added.Add(new SeriesIncidentRecord
                {
                    RuleId = rule.RuleId,
                    SeriesKey = series.Key,
                    IncidentId = current.IncidentId,
                    OccurredOn = current.OccurredOn,
                    Version = current.Version,
                });
            }
        }

        await db.BulkInsertAsync(added, ct);
    }

    /// <summary>
    /// Learns the reporting delay of the series from the new incidents of the batch, and returns the delay of every
    /// series in <paramref name="keys"/> (absent: none learned yet). Runs under the series' locks.
    /// </summary>
    private async Task<Dictionary<string, int>> LearnDelaysAsync(
        Rule rule, Selection selection, List<SeriesChange> touched, List<string> keys, CancellationToken ct)
    {
        var learned = new List<(string Key, int Days)>();
        foreach (var change in touched.Where(c => c.Previous is null && selection.Matches(c.Current)))
        {
            if (ReportingDelay.DaysOf(change.Current) is { } days)
            {
                learned.AddRange(SeriesKeys.SeriesOf(selection, rule.GroupBy, change.Current).Select(s => (s.Key, days)));
            }
        }

        keys.AddRange(learned.Select(l => l.Key));
        var records = await db.ReportingDelays.Where(r => r.RuleId == rule.RuleId && keys.Contains(r.SeriesKey))
            .ToDictionaryAsync(r => r.SeriesKey, StringComparer.Ordinal, ct);
        foreach (var (key, days) in learned)
        {
            if (!records.TryGetValue(key, out var record))
            {
                record = new ReportingDelayRecord { RuleId = rule.RuleId, SeriesKey = key, DayCounts = "" };
                db.ReportingDelays.Add(record);
                records[key] = record;
            }

            record.DayCounts = ReportingDelay.Add(record.DayCounts, days);
        }

        return records.ToDictionary(r => r.Key, r => ReportingDelay.Of(r.Value.DayCounts), StringComparer.Ordinal);
    }

    /// <summary>An open wave as the pass read it, before any lock.</summary>
    private readonly record struct OpenWave(string SeriesKey, DateOnly LastAlarmDay);

    /// <summary>A rule in a pass: what its plan found to judge, and the time its steps took.</summary>
    private sealed class RulePlan(RuleRecord record)
    {
        public RuleRecord Record { get; } = record;

        public Rule? Rule { get; set; }

        public Selection? Selection { get; set; }

        public RuleDetector? Detector { get; set; }

        public WaveTracker? Tracker { get; set; }

        public Dictionary<string, (Selection Series, SortedSet<DateOnly> Dates)> Affected { get; } = new(StringComparer.Ordinal);

        public List<SeriesChange> Touched { get; } = [];

        /// <summary>The rule's open waves due to resolve, as the pass read them before any lock.</summary>
        public List<string> Due { get; set; } = [];

        public List<SeriesToJudge> Judged { get; set; } = [];

        /// <summary>The rule has nothing left to do in the pass: the step that set it marks the rule healthy.</summary>
        public bool Done { get; set; }

        /// <summary>The alert events its judge step recorded.</summary>
        public int Events { get; set; }

        public TimeSpan Elapsed { get; set; }
    }

    /// <summary>
    /// One series of a rule with days to judge: from..to, on counts read from <see cref="FetchFrom"/>, with its reporting
    /// delay in days.
    /// </summary>
    private sealed record SeriesToJudge(
        string Key, Selection Series, WaveStateRecord? Record, WaveState State, DateOnly From, DateOnly To, DateOnly FetchFrom,
        int DelayDays);
}
