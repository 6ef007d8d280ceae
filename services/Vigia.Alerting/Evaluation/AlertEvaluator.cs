using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Series;
using Vigia.Alerting.Silences;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;

namespace Vigia.Alerting.Evaluation;

/// <summary>
/// Judges the series a batch of incident changes touched, for every enabled rule, and records what
/// happened to their waves. Everything goes into the caller's unit of work, to be saved in one
/// SaveChanges with the inbox mark.
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
        var selector = rule.Selector ?? new Selector();
        var affected = new Dictionary<string, (Selector Series, SortedSet<DateOnly> Dates)>();
        var touched = new List<SeriesChange>();
        foreach (var change in changes)
        {
            var matched = false;
            foreach (var snapshot in new[] { change.Previous, change.Current })
            {
                if (snapshot is null || !SelectorMatch.Matches(selector, snapshot))
                {
                    continue;
                }

                matched = true;
                foreach (var key in SeriesKey.Of(selector, rule.GroupBy, snapshot))
                {
                    if (!affected.TryGetValue(key.Key, out var entry))
                    {
                        entry = (key.Series, []);
                        affected[key.Key] = entry;
                    }

                    entry.Dates.Add(snapshot.OccurredOn);
                }
            }

            if (matched)
            {
                touched.Add(change);
            }
        }

        await TrackIncidentsAsync(rule, selector, touched, ct);

        var detector = RuleDetector.For(rule.Detector);
        var waves = await db.Waves.Where(w => w.RuleId == rule.RuleId).ToDictionaryAsync(w => w.SeriesKey, ct);
        var recorded = 0;

        foreach (var (key, (series, dates)) in affected)
        {
            waves.TryGetValue(key, out var wave);
            recorded += await EvaluateAsync(rule, detector, key, series, wave, dates.Min, dates.Max, horizon, active, ct);
        }

        // A wave whose quiet period the horizon has passed resolves even when no incident touched its series.
        foreach (var wave in waves.Values.Where(w => w.OpenAlertId is not null && !affected.ContainsKey(w.SeriesKey)))
        {
            var quietUntil = wave.LastAlarmDay!.Value.AddDays(detector.WindowDays);
            if (quietUntil <= horizon)
            {
                // Nothing changed in the series: judge just its quiet period (the tracker widens the range to it).
                recorded += await EvaluateAsync(rule, detector, wave.SeriesKey, wave.ToSeries(), wave, horizon, horizon, horizon, active, ct);
            }
        }

        return recorded;
    }

    private async Task<int> EvaluateAsync(
        Rule rule, RuleDetector detector, string key, Selector series, WaveStateRecord? record,
        DateOnly firstChanged, DateOnly lastChanged, DateOnly horizon, IReadOnlyList<Silence> active, CancellationToken ct)
    {
        var state = record?.ToState() ?? WaveState.Quiet;
        var tracker = new WaveTracker(detector.WindowDays, rule.MinCount);
        if (tracker.DaysToJudge(state, firstChanged, lastChanged, horizon) is not var (from, to))
        {
            return 0;
        }

        var fetchFrom = from.AddDays(-detector.HistoryDays);
        if (state.Open is { } current && current.WindowStart < fetchFrom)
        {
            fetchFrom = current.WindowStart;
        }

        var counts = await seriesSource.GetDailyAsync(series, rule.Measure, fetchFrom, to, ct);
        var days = DayJudge.Judge(detector.Detector, counts, from, to);
        var step = tracker.Advance(state, counts, days, () => NewId.NextGuid().ToString());

        if (record is null)
        {
            if (step.State == WaveState.Quiet)
            {
                return 0;
            }

            record = WaveStateRecord.For(rule.RuleId, key, series);
            db.Waves.Add(record);
        }

        record.Store(step.State);
        if (step.Events.Count > 0)
        {
            logger.LogInformation("Rule {RuleId} series {SeriesKey}: {Events}", rule.RuleId, key,
                string.Join(", ", step.Events.Select(e => $"{e.Kind} {e.Wave.AlertId} {e.Wave.WindowStart}..{e.Wave.WindowEnd} observed {e.Wave.Observed}")));
            await recorder.RecordAsync(rule, key, series, step.Events, active, ct);
        }

        return step.Events.Count;
    }

    /// <summary>Keeps which incidents count in which series of the rule, so alerts can name them.</summary>
    private async Task TrackIncidentsAsync(Rule rule, Selector selector, List<SeriesChange> touched, CancellationToken ct)
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
            if (current.Retracted || !SelectorMatch.Matches(selector, current))
            {
                continue;
            }

            foreach (var key in SeriesKey.Of(selector, rule.GroupBy, current))
            {
                var row = existing.FirstOrDefault(e => e.SeriesKey == key.Key && e.IncidentId == current.IncidentId);
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
                    SeriesKey = key.Key,
                    IncidentId = current.IncidentId,
                    OccurredOn = current.OccurredOn,
                });
            }
        }
    }
}
