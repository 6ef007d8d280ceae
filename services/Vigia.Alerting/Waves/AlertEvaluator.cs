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
    AlertingDbContext db, RuleCatalog rules, SilenceCatalog silences, ISeriesSource seriesSource, SeriesCache cache, AlertRecorder recorder,
    TimeProvider time, AlertingMetrics metrics, ILogger<AlertEvaluator> logger)
{
    private const string RuleSavepoint = "rule";
    private const int HistoryGridDays = 364;

    /// <summary>
    /// Returns how many alert events were recorded. Runs inside the caller's transaction. A pass has three steps: each
    /// rule is planned (the series it must judge, its waves read under their series' locks, its incidents tracked), the
    /// series of every planned rule are read from statistics at once, and each rule judges its series. The reads are
    /// most of a small pass's time (a live report touches three rules, each a statistics call of 5–30 ms), so the calls
    /// overlap instead of following each other. In the embedded default the in-process reads run one after another all
    /// the same (SQLite's calls finish before they return); reading them on threads of their own measured no faster on
    /// two busy cores (docs/benchmarks.md, thirty-sixth session).
    /// </summary>
    /// <param name="isolateRules">
    /// True: each rule's steps are saved behind a savepoint, so a rule that fails is rolled back alone and marked failing
    /// (<see cref="RuleFailures"/>) while the others go on. False: no savepoints, and the rules' changes saved together
    /// (each savepoint and save is a round trip, the most of a small pass's time on PostgreSQL); a rule that fails throws
    /// <see cref="RuleFailedException"/> for the caller to roll the pass back and judge it again with rules isolated,
    /// which happens once per failure: a failing rule is skipped until its retry.
    /// </param>
    public async Task<int> ApplyAsync(SeriesChanged message, CancellationToken ct, bool isolateRules = true)
    {
        var snapshots = message.Changes.SelectMany(c => c.Previous is null ? new[] { c.Current } : [c.Previous, c.Current]).ToList();
        if (snapshots.Count == 0)
        {
            return 0;
        }

        var started = time.GetTimestamp();
        var horizon = await DataHorizon.AdvanceAsync(db, snapshots.Max(s => s.OccurredOn), ct);
        var starts = await DataStart.AdvanceAsync(db, snapshots, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var active = await silences.ActiveAsync(now, ct);
        var firstChanged = snapshots.Min(s => s.OccurredOn);
        if (isolateRules)
        {
            // The horizon (and the inbox mark) are saved before any rule, so no rule's rollback undoes them.
            await db.SaveChangesAsync(ct);
        }

        // Every rule's open waves in one read, before any lock (the waves are read again under the locks).
        var open = (await db.Waves.AsNoTracking().Where(w => w.AlertId != null && w.ResolvedOn == null)
                .Select(w => new { w.RuleId, w.SeriesKey, w.LastAlarmDay }).ToListAsync(ct))
            .ToLookup(w => w.RuleId, w => new OpenWave(w.SeriesKey, w.LastAlarmDay!.Value), StringComparer.Ordinal);
        var failing = 0;
        var scoped = new List<RulePlan>();
        foreach (var record in await rules.EnabledAsync(ct))
        {
            if (record.NextRetryAt is { } retry && retry > now)
            {
                await RuleFailures.NoteSkippedAsync(db, record, firstChanged, ct);
                failing++;
                continue;
            }

            var plan = new RulePlan(record, isolateRules);
            if (!await StepAsync(plan, firstChanged, now, () => ScopeAsync(plan, message.Changes, open[record.RuleId], horizon, ct), ct, sendsStatements: false))
            {
                failing++;
            }
            else if (!plan.Done)
            {
                scoped.Add(plan);
            }
        }

        var scopedAt = time.GetTimestamp();
        var locked = await ReadLockedAsync(scoped, ct);
        var planned = new List<RulePlan>();
        foreach (var plan in scoped)
        {
            if (!await StepAsync(plan, firstChanged, now, () => PlanAsync(plan, locked, horizon, today, ct), ct))
            {
                failing++;
            }
            else if (plan.Judged.Count > 0)
            {
                planned.Add(plan);
            }
        }

        if (!isolateRules)
        {
            // Every plan's changes at once (with the horizon's): the judge steps read the incidents they track.
            await db.SaveChangesAsync(ct);
        }

        var plannedAt = time.GetTimestamp();
        var counts = await Task.WhenAll(planned.Select(p => FetchAsync(p, ct)));
        var readAt = time.GetTimestamp();
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
            else if (await StepAsync(plan, firstChanged, now, async () => plan.Events = await JudgeAsync(plan, fetched.Series!, active, starts, today, ct), ct))
            {
                recorded += plan.Events;
            }
            else
            {
                failing++;
            }
        }

        // Where a pass's time goes, for an operator asking why alerts lag: the plan's statements under the series'
        // locks, the reads from statistics, or the detectors.
        logger.LogDebug(
            "Pass over {Changes} changes: {Rules} rules scoped in {Scoped} ms, {Planned} planned under their locks in {Planning} ms, series read in {Reading} ms, judged in {Judging} ms",
            message.Changes.Count, scoped.Count, (long)time.GetElapsedTime(started, scopedAt).TotalMilliseconds, planned.Count,
            (long)time.GetElapsedTime(scopedAt, plannedAt).TotalMilliseconds, (long)time.GetElapsedTime(plannedAt, readAt).TotalMilliseconds,
            (long)time.GetElapsedTime(readAt).TotalMilliseconds);
        metrics.RecordFailingRules(failing);
        if (recorded > 0 && snapshots.Max(s => s.RecordedAt) is { } newest)
        {
            metrics.RecordAlertLatency(time.GetUtcNow().UtcDateTime - newest);
        }

        return recorded;
    }

    /// <summary>
    /// One step of a rule, behind a savepoint and saved when rules are isolated. On success the rule, once it has nothing
    /// left to do in the pass, is marked healthy; a failure that is not transient is undone back to the savepoint and
    /// marks the rule failing, or without isolation is thrown as <see cref="RuleFailedException"/> (a transient one is
    /// thrown as it is: the whole pass waits for its dependency). Returns whether it succeeded.
    /// </summary>
    /// <param name="sendsStatements">False for a step that sends no statement: it has nothing to undo.</param>
    private async Task<bool> StepAsync(RulePlan plan, DateOnly firstChanged, DateTime now, Func<Task> step, CancellationToken ct, bool sendsStatements = true)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Alert evaluation runs inside the caller's transaction.");
        var record = plan.Record;
        var savepoint = sendsStatements && plan.IsolateRules;
        if (savepoint)
        {
            await transaction.CreateSavepointAsync(RuleSavepoint, ct);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await step();
            if (plan.IsolateRules)
            {
                // Without isolation the pass saves the plans' changes together, and the judges' go with the caller's save.
                await db.SaveChangesAsync(ct);
            }

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
            if (!plan.IsolateRules)
            {
                throw new RuleFailedException(record.RuleId, ex);
            }

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
    /// pass's read of the open waves alone (no statement: a rule with nothing to do costs the pass nothing), and for a
    /// rule that skipped days while failing, every series it has counts in since then.
    /// </summary>
    private async Task ScopeAsync(RulePlan plan, IReadOnlyList<SeriesChange> changes, IEnumerable<OpenWave> open, DateOnly horizon, CancellationToken ct)
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
            // Both versions, each where it counts (not one array of the two per change: a bulk pass scopes every rule over
            // every change of its messages).
            if (AddAffected(plan, selection, rule.GroupBy, change.Previous) | AddAffected(plan, selection, rule.GroupBy, change.Current))
            {
                plan.Touched.Add(change);
            }
        }

        // The first day of changes the rule skipped while failing: every series of the rule is judged from it.
        if (plan.Record.SkippedFrom is { } skipped && skipped <= horizon)
        {
            await AddSkippedAsync(rule, selection, plan.Affected, skipped, horizon, ct);
        }

        // An open wave resolves only once its quiet period has reached the horizon; until then it needs neither a lock
        // nor a look. One the changes touched is judged with them.
        plan.Due = [.. open.Where(w => w.LastAlarmDay.AddDays(tracker.HoldDays) <= horizon && !plan.Affected.ContainsKey(w.SeriesKey)).Select(w => w.SeriesKey)];
        // Nothing the rule counts moved and none of its waves is due to resolve.
        plan.Done = plan.Affected.Count == 0 && plan.Due.Count == 0;
    }

    /// <summary>Adds the series <paramref name="snapshot"/> counts in to the rule's affected series; returns whether it counts in any.</summary>
    private static bool AddAffected(RulePlan plan, Selection selection, GroupBy groupBy, IncidentSnapshot? snapshot)
    {
        if (snapshot is null || !selection.Matches(snapshot))
        {
            return false;
        }

        foreach (var series in SeriesKeys.SeriesOf(selection, groupBy, snapshot))
        {
            if (!plan.Affected.TryGetValue(series.Key, out var entry))
            {
                entry = (series.Selection, []);
                plan.Affected[series.Key] = entry;
            }

            entry.Dates.Add(snapshot.OccurredOn);
        }

        return true;
    }

    /// <summary>
    /// Locks the series every scoped rule will judge, then reads what their plans need as the locks leave it: the
    /// incidents they track, their reporting delays and their waves. One statement each for all the rules, not one per
    /// rule (a statement is a round trip, the most of a small pass's time on PostgreSQL). Read untracked: each rule's
    /// plan step attaches what it changes, so a rule that fails (and clears the change tracker) cannot take another
    /// rule's rows with it.
    /// </summary>
    private async Task<LockedReads> ReadLockedAsync(IReadOnlyList<RulePlan> plans, CancellationToken ct)
    {
        if (plans.Count == 0)
        {
            return LockedReads.None;
        }

        // Another replica may be judging some of these series: wait for it, then read the rows as it left them.
        await SeriesLocks.LockAsync(db, plans.SelectMany(p => p.Series.Select(key => (p.Record.RuleId, key))), ct);
        var ruleIds = plans.Select(p => p.Record.RuleId).ToList();
        var incidentIds = plans.SelectMany(p => p.Touched).Select(c => c.Current.IncidentId).Distinct().ToList();
        var keys = plans.SelectMany(p => p.Series).Distinct().ToList();
        var tracked = incidentIds.Count == 0 ? [] : await TrackedAsync(ruleIds, incidentIds, ct);
        var delays = await db.ReportingDelays.AsNoTracking().Where(r => ruleIds.Contains(r.RuleId) && keys.Contains(r.SeriesKey)).ToListAsync(ct);
        var waves = await db.Waves.AsNoTracking().Where(w => ruleIds.Contains(w.RuleId)).ToListAsync(ct);
        var reads = await db.SeriesReads.AsNoTracking().Where(r => ruleIds.Contains(r.RuleId) && keys.Contains(r.SeriesKey)).ToListAsync(ct);
        return new LockedReads(
            tracked.ToLookup(s => s.RuleId, StringComparer.Ordinal), delays.ToLookup(r => r.RuleId, StringComparer.Ordinal),
            waves.ToLookup(w => w.RuleId, StringComparer.Ordinal), reads.ToLookup(r => r.RuleId, StringComparer.Ordinal));
    }

    /// <summary>
    /// What each of these rules tracks of these incidents: each incident sought through its own index (its rows for every
    /// rule, a handful), the rules picked out in memory (<see cref="KeyLookups.WithKeys"/>; on PostgreSQL too, the rule in
    /// the probe let the rule-led index serve it on a young table's statistics).
    /// </summary>
    private async Task<List<SeriesIncidentRecord>> TrackedAsync(List<string> ruleIds, List<Guid> incidentIds, CancellationToken ct)
    {
        var rules = ruleIds.ToHashSet(StringComparer.Ordinal);
        var rows = await db.SeriesIncidents.WithKeys((nameof(SeriesIncidentRecord.IncidentId), incidentIds.ToArray())).AsNoTracking().ToListAsync(ct);
        return [.. rows.Where(r => rules.Contains(r.RuleId))];
    }

    /// <summary>
    /// Tracks the rule's incidents and reporting delays, and finds from its waves what the rule will judge, and from
    /// which day on.
    /// </summary>
    private async Task PlanAsync(RulePlan plan, LockedReads locked, DateOnly horizon, DateOnly today, CancellationToken ct)
    {
        var (rule, selection, detector, tracker) = (plan.Rule!, plan.Selection!, plan.Detector!, plan.Tracker!);
        var (affected, touched, due) = (plan.Affected, plan.Touched, plan.Due);
        await TrackIncidentsAsync(rule, selection, touched, locked.SeriesIncidents[rule.RuleId], ct);
        var delays = LearnDelays(rule, selection, touched, locked.Delays[rule.RuleId]);
        var waves = locked.Waves[rule.RuleId].ToDictionary(w => w.SeriesKey, StringComparer.Ordinal);
        var reads = locked.Reads[rule.RuleId].ToDictionary(r => r.SeriesKey, StringComparer.Ordinal);
        var judged = new List<SeriesToJudge>();
        foreach (var (key, (series, dates)) in affected)
        {
            waves.TryGetValue(key, out var wave);
            AddIfDue(judged, tracker, detector, key, series, wave, reads.GetValueOrDefault(key), dates.Min, dates.Max, horizon, delays.GetValueOrDefault(key));
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
                AddIfDue(judged, tracker, detector, key, Selection.From(wave.ToSeries()), wave, reads.GetValueOrDefault(key), horizon, horizon, horizon, delay);
            }
        }

        plan.Judged = judged;
        plan.Done = judged.Count == 0;
    }

    /// <summary>
    /// Reads every series the rule judges in one statistics call, each over FetchFrom..To: from the first day any of them
    /// must read again, the rest from the counts this process judged them on last (<see cref="SeriesCache"/>): a series
    /// its cache still holds is read again from the first day its changes touch (or the first day after what is held), any
    /// other from its FetchFrom. A failure that is not transient (statistics refusing what the rule asks) is returned, to
    /// fail the rule alone; a transient one is thrown.
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, DailySeries>? Series, Exception? Failure)> FetchAsync(RulePlan plan, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var rule = plan.Rule!;
            var judged = plan.Judged;
            var held = judged.Select(j => cache.Get(rule.RuleId, j.Key, plan.Record.UpdatedAt, j.Read?.Token) is { } counts
                && counts.FirstDate <= j.FetchFrom ? counts : null).ToList();
            var readFrom = judged.Select((j, i) => held[i] is { } counts
                ? DateOnly.FromDayNumber(Math.Min(j.ChangedFrom.DayNumber, counts.LastDate.DayNumber + 1))
                : j.FetchFrom).Min();
            var to = judged.Max(j => j.To);
            var read = await seriesSource.GetSeriesAsync(
                Selection.Union(plan.Selection!, judged.Select(j => j.Series)), rule.Measure,
                rule.GroupBy == GroupBy.Unspecified ? GroupBy.None : rule.GroupBy, readFrom, to, ct);
            var series = new Dictionary<string, DailySeries>(StringComparer.Ordinal);
            for (var i = 0; i < judged.Count; i++)
            {
                var j = judged[i];
                // Zeros for a series the read did not answer, and for its days before the read: only a series the cache
                // holds from its FetchFrom has those, taken from the cache.
                var counts = read.TryGetValue(j.Key, out var sourced)
                    ? sourced.Counts.Slice(j.FetchFrom, j.To)
                    : new DailySeries(j.FetchFrom, new double[j.To.DayNumber - j.FetchFrom.DayNumber + 1]);
                if (held[i] is { } kept && readFrom > j.FetchFrom)
                {
                    kept.Slice(j.FetchFrom, readFrom.AddDays(-1)).Counts.CopyTo(counts.Counts, 0);
                }

                series[j.Key] = counts;
            }

            return (series, null);
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
        RulePlan plan, IReadOnlyDictionary<string, DailySeries> counts, IReadOnlyList<Silence> active, DataStart starts, DateOnly today,
        CancellationToken ct)
    {
        plan.Done = true;
        var recorded = 0;
        foreach (var planned in plan.Judged)
        {
            var series = planned.Record is { } record ? planned with { Record = Track(record, record.RuleId, record.SeriesKey) } : planned;
            var daily = counts[series.Key];
            recorded += await AdvanceAsync(plan.Rule!, plan.Detector!, plan.Tracker!, series, daily, active, starts, today, ct);
            Remember(plan, series, daily);
        }

        return recorded;
    }

    /// <summary>
    /// Keeps the counts the series was judged on for the next pass, under a token this pass writes for the series: the
    /// cache serves them only while the token is still there (not once the pass is rolled back or another replica has
    /// judged the series since).
    /// </summary>
    private void Remember(RulePlan plan, SeriesToJudge series, DailySeries counts)
    {
        var token = Guid.NewGuid();
        if (series.Read is { } read)
        {
            // Tracked as read: only the token is written.
            Track(read, read.RuleId, read.SeriesKey).Token = token;
        }
        else
        {
            db.SeriesReads.Add(new SeriesReadRecord { RuleId = plan.Record.RuleId, SeriesKey = series.Key, Token = token });
        }

        cache.Put(plan.Record.RuleId, series.Key, plan.Record.UpdatedAt, token, counts);
    }

    /// <summary>
    /// A row read untracked under the series' locks, as this unit of work is to change it: the instance an earlier apply in
    /// the same unit of work saved and still tracks (a message judged change by change), else <paramref name="read"/>,
    /// attached. Attaching a second instance with the same key would throw, failing the rule.
    /// </summary>
    private T Track<T>(T read, params object[] key)
        where T : class
    {
        if (db.Set<T>().Local.FindEntryUntyped(key) is { } tracked)
        {
            return (T)tracked.Entity;
        }

        db.Set<T>().Attach(read);
        return read;
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
        SeriesReadRecord? read, DateOnly firstChanged, DateOnly lastChanged, DateOnly horizon, int delayDays)
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

        judged.Add(new SeriesToJudge(key, series, record, read, state, from, to, HistoryStart(fetchFrom), firstChanged, delayDays));
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
        DataStart starts, DateOnly today, CancellationToken ct)
    {
        var start = starts.For(series.Series);
        counts = counts.StartingAt(start > series.From ? series.From : start);
        using var days = DayJudge.Judge(detector.Detector, counts, series.From, series.To);
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

    /// <summary>
    /// Keeps which incidents count in which series of the rule, so alerts can name them. <paramref name="trackedRows"/>
    /// are the rule's rows of the touched incidents, read untracked (and possibly of incidents other rules touched).
    /// </summary>
    private async Task TrackIncidentsAsync(
        Rule rule, Selection selection, List<SeriesChange> touched, IEnumerable<SeriesIncidentRecord> trackedRows, CancellationToken ct)
    {
        if (touched.Count == 0)
        {
            return;
        }

        var tracked = trackedRows.ToLookup(s => s.IncidentId);

        // The latest version of each incident in the batch wins, unless a later one was judged first (the judge takes
        // small messages ahead of a bulk backlog, so an amendment can overtake the batch that created its incident).
        // Rows go in by bulk insert (inside this rule's savepoint, so a failing rule takes them back): a bulk load adds one
        // per incident per rule and series, and tracking them cost more than judging the series. The few a live report
        // adds, which the bulk insert would send as a statement of their own, go in the pass's save instead.
        var added = new List<SeriesIncidentRecord>();
        foreach (var current in touched.Select(c => c.Current).GroupBy(s => s.IncidentId).Select(g => g.MaxBy(s => s.Version)!))
        {
            var rows = tracked[current.IncidentId].ToList();
            if (rows.Any(r => r.Version > current.Version))
            {
                continue;
            }

            // Attached as deleted; one kept below becomes an update.
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

        if (added.Count <= BulkInsert.MaxRowsPerStatement)
        {
            db.SeriesIncidents.AddRange(added);
        }
        else
        {
            await db.BulkInsertAsync(added, ct);
        }
    }

    /// <summary>
    /// Learns the reporting delay of the series from the new incidents of the batch, and returns the delay of every
    /// series <paramref name="stored"/> (the rule's delays as read under the series' locks, untracked) or the batch
    /// has one for (absent: none learned yet).
    /// </summary>
    private Dictionary<string, int> LearnDelays(Rule rule, Selection selection, List<SeriesChange> touched, IEnumerable<ReportingDelayRecord> stored)
    {
        var learned = new List<(string Key, int Days)>();
        foreach (var change in touched.Where(c => c.Previous is null && selection.Matches(c.Current)))
        {
            if (ReportingDelay.DaysOf(change.Current) is { } days)
            {
                learned.AddRange(SeriesKeys.SeriesOf(selection, rule.GroupBy, change.Current).Select(s => (s.Key, days)));
            }
        }

        var records = stored.ToDictionary(r => r.SeriesKey, StringComparer.Ordinal);
        foreach (var (key, days) in learned)
        {
            if (!records.TryGetValue(key, out var record))
            {
                record = new ReportingDelayRecord { RuleId = rule.RuleId, SeriesKey = key, DayCounts = "" };
                db.ReportingDelays.Add(record);
                records[key] = record;
            }
            else if (db.Entry(record).State == EntityState.Detached)
            {
                db.ReportingDelays.Attach(record);
            }

            record.DayCounts = ReportingDelay.Add(record.DayCounts, days);
        }

        return records.ToDictionary(r => r.Key, r => ReportingDelay.Of(r.Value.DayCounts), StringComparer.Ordinal);
    }

    /// <summary>What the scoped rules' plans read under their series' locks, by rule.</summary>
    private sealed record LockedReads(
        ILookup<string, SeriesIncidentRecord> SeriesIncidents, ILookup<string, ReportingDelayRecord> Delays, ILookup<string, WaveStateRecord> Waves,
        ILookup<string, SeriesReadRecord> Reads)
    {
        public static LockedReads None { get; } = new(
            Array.Empty<SeriesIncidentRecord>().ToLookup(s => s.RuleId), Array.Empty<ReportingDelayRecord>().ToLookup(r => r.RuleId),
            Array.Empty<WaveStateRecord>().ToLookup(w => w.RuleId), Array.Empty<SeriesReadRecord>().ToLookup(r => r.RuleId));
    }

    /// <summary>An open wave as the pass read it, before any lock.</summary>
    private readonly record struct OpenWave(string SeriesKey, DateOnly LastAlarmDay);

    /// <summary>A rule in a pass: what its plan found to judge, and the time its steps took.</summary>
    private sealed class RulePlan(RuleRecord record, bool isolateRules)
    {
        public RuleRecord Record { get; } = record;

        /// <summary>Each step behind a savepoint, a failure marking the rule failing; otherwise a failure is thrown.</summary>
        public bool IsolateRules { get; } = isolateRules;

        public Rule? Rule { get; set; }

        public Selection? Selection { get; set; }

        public RuleDetector? Detector { get; set; }

        public WaveTracker? Tracker { get; set; }

        public Dictionary<string, (Selection Series, SortedSet<DateOnly> Dates)> Affected { get; } = new(StringComparer.Ordinal);

        public List<SeriesChange> Touched { get; } = [];

        /// <summary>The rule's open waves due to resolve that no change touched, as the pass read them before any lock.</summary>
        public List<string> Due { get; set; } = [];

        /// <summary>Every series the rule may judge: those the changes touched and those due to resolve.</summary>
        public IEnumerable<string> Series => Affected.Keys.Concat(Due);

        public List<SeriesToJudge> Judged { get; set; } = [];

        /// <summary>The rule has nothing left to do in the pass: the step that set it marks the rule healthy.</summary>
        public bool Done { get; set; }

        /// <summary>The alert events its judge step recorded.</summary>
        public int Events { get; set; }

        public TimeSpan Elapsed { get; set; }
    }

    /// <summary>
    /// One series of a rule with days to judge: from..to, on counts read from <see cref="FetchFrom"/>, the first day
    /// the pass's changes touch (<see cref="ChangedFrom"/>: the days before it need not be read again), with its reporting
    /// delay in days and its token as read under its lock (<see cref="Read"/>, none before its first pass).
    /// </summary>
    private sealed record SeriesToJudge(
        string Key, Selection Series, WaveStateRecord? Record, SeriesReadRecord? Read, WaveState State, DateOnly From, DateOnly To,
        DateOnly FetchFrom, DateOnly ChangedFrom, int DelayDays);
}
