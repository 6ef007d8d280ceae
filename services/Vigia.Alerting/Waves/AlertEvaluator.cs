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

namespace Vigia.Alerting.Waves;

/// <summary>
/// Judges the series a batch of incident changes touched, for every enabled rule, and records what
/// happened to their waves. Each rule reads every series it judges in one statistics call. Everything
/// goes into the caller's unit of work, to be saved in one SaveChanges with the inbox mark.
/// </summary>
public sealed class AlertEvaluator(
    AlertingDbContext db, RuleCatalog rules, SilenceCatalog silences, ISeriesSource seriesSource, AlertRecorder recorder,
    TimeProvider time, ILogger<AlertEvaluator> logger)
{
    /// <summary>Returns how many alert events were recorded.</summary>
    public async Task<int> ApplyAsync(SeriesChanged message, CancellationToken ct)
    {
        var snapshots = message.Changes.SelectMany(c => c.Previous is null ? new[] { c.Current } : [c.Previous, c.Current]).ToList();
        if (snapshots.Count == 0)
        {
            return 0;
        }

        var horizon = await DataHorizon.AdvanceAsync(db, snapshots.Max(s => s.OccurredOn), ct);
        var active = await silences.ActiveAsync(time.GetUtcNow().UtcDateTime, ct);
        var recorded = 0;
        foreach (var rule in await rules.EnabledAsync(ct))
        {
            recorded += await ApplyRuleAsync(rule, message.Changes, horizon, active, ct);
        }

        return recorded;
    }

    private async Task<int> ApplyRuleAsync(
        Rule rule, IReadOnlyList<SeriesChange> changes, DateOnly horizon, IReadOnlyList<Silence> active, CancellationToken ct)
    {
        var selection = Selection.From(rule.Selector);
        var affected = new Dictionary<string, (Selection Series, SortedSet<DateOnly> Dates)>(StringComparer.Ordinal);
        var touched = new List<SeriesChange>();
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
                    if (!affected.TryGetValue(series.Key, out var entry))
                    {
                        entry = (series.Selection, []);
                        affected[series.Key] = entry;
                    }

                    entry.Dates.Add(snapshot.OccurredOn);
                }
            }

            if (matched)
            {
                touched.Add(change);
            }
        }

        await TrackIncidentsAsync(rule, selection, touched, ct);

        var detector = RuleDetector.For(rule.Detector);
        var tracker = new WaveTracker(detector.WindowDays, rule.MinCount);
        var waves = await db.Waves.Where(w => w.RuleId == rule.RuleId).ToDictionaryAsync(w => w.SeriesKey, StringComparer.Ordinal, ct);
        var judged = new List<SeriesToJudge>();
        foreach (var (key, (series, dates)) in affected)
        {
            waves.TryGetValue(key, out var wave);
            AddIfDue(judged, tracker, detector, key, series, wave, dates.Min, dates.Max, horizon);
        }

        // A wave whose quiet period the horizon has passed resolves even when no incident touched its series.
        foreach (var wave in waves.Values.Where(w => w.OpenAlertId is not null && !affected.ContainsKey(w.SeriesKey)))
        {
            if (wave.LastAlarmDay!.Value.AddDays(detector.WindowDays) <= horizon)
            {
                // Nothing changed in the series: judge just its quiet period (the tracker widens the range to it).
                AddIfDue(judged, tracker, detector, wave.SeriesKey, Selection.From(wave.ToSeries()), wave, horizon, horizon, horizon);
            }
        }

        if (judged.Count == 0)
        {
            return 0;
        }

        var counts = await seriesSource.GetSeriesAsync(
            Selection.Union(selection, judged.Select(j => j.Series)), rule.Measure, rule.GroupBy == GroupBy.Unspecified ? GroupBy.None : rule.GroupBy,
            judged.Min(j => j.FetchFrom), judged.Max(j => j.To), ct);
        var recorded = 0;
        foreach (var series in judged)
        {
            var daily = counts.TryGetValue(series.Key, out var sourced)
                ? sourced.Counts.Slice(series.FetchFrom, series.To)
                : new DailySeries(series.FetchFrom, new double[series.To.DayNumber - series.FetchFrom.DayNumber + 1]);
            recorded += await AdvanceAsync(rule, detector, tracker, series, daily, active, ct);
        }

        return recorded;
    }

    /// <summary>Adds the series when its wave has days to judge, with the history its detector needs.</summary>
    private static void AddIfDue(
        List<SeriesToJudge> judged, WaveTracker tracker, RuleDetector detector, string key, Selection series, WaveStateRecord? record,
        DateOnly firstChanged, DateOnly lastChanged, DateOnly horizon)
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

        judged.Add(new SeriesToJudge(key, series, record, state, from, to, fetchFrom));
    }

    private async Task<int> AdvanceAsync(
        Rule rule, RuleDetector detector, WaveTracker tracker, SeriesToJudge series, DailySeries counts, IReadOnlyList<Silence> active,
        CancellationToken ct)
    {
        var days = DayJudge.Judge(detector.Detector, counts, series.From, series.To);
        var step = tracker.Advance(series.State, counts, days, () => NewId.NextGuid().ToString());
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
            await recorder.RecordAsync(rule, series.Key, series.Series.ToSelector(), step.Events, active, ct);
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
        var existing = await db.SeriesIncidents.Where(s => s.RuleId == rule.RuleId && ids.Contains(s.IncidentId)).ToListAsync(ct);
        db.SeriesIncidents.RemoveRange(existing);

        // The latest version of each incident in the batch wins.
        foreach (var current in touched.Select(c => c.Current).GroupBy(s => s.IncidentId).Select(g => g.MaxBy(s => s.Version)!))
        {
            if (current.Retracted || !selection.Matches(current))
            {
                continue;
            }

            foreach (var series in SeriesKeys.SeriesOf(selection, rule.GroupBy, current))
            {
                var row = existing.FirstOrDefault(e => e.SeriesKey == series.Key && e.IncidentId == current.IncidentId);
                if (row is not null)
                {
                    // Same key as a row being removed: keep the tracked row instead of adding a twin.
                    db.Entry(row).State = EntityState.Modified;
                    row.OccurredOn = current.OccurredOn;
                    continue;
                }

                db.SeriesIncidents.Add(new SeriesIncidentRecord
                {
                    RuleId = rule.RuleId,
                    SeriesKey = series.Key,
                    IncidentId = current.IncidentId,
                    OccurredOn = current.OccurredOn,
                });
            }
        }
    }

    /// <summary>One series of a rule with days to judge: from..to, on counts read from <see cref="FetchFrom"/>.</summary>
    private sealed record SeriesToJudge(
        string Key, Selection Series, WaveStateRecord? Record, WaveState State, DateOnly From, DateOnly To, DateOnly FetchFrom);
}
