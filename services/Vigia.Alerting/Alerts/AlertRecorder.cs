using System.Diagnostics;
using Google.Protobuf;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.Alerting.Series;
using Vigia.Alerting.Silences;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Alerts;

/// <summary>
/// Writes what happened to waves as alerts (their current state) and alert events (the history
/// subscribers receive), into the caller's unit of work: nothing is saved here.
/// </summary>
public sealed class AlertRecorder(AlertingDbContext db, TimeProvider time)
{
    public static JsonFormatter Formatter { get; } = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <param name="reportingDelayDays">
    /// The series' reporting delay (<see cref="ReportingDelay"/>): an alert whose window reaches a day still inside it is provisional.
    /// </param>
    public async Task RecordAsync(
        Rule rule, string seriesKey, Selector series, IReadOnlyList<WaveEvent> events, IReadOnlyList<Silence> silences, int reportingDelayDays,
        CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }

        // One read of the series' incidents and one of its earlier alerts for all the events, not two per event: the
        // first passes of a back-fill record dozens of events (a series opens and resolves several waves over a new
        // year), and each statement is a round trip.
        var incidents = await IncidentsAsync(rule.RuleId, seriesKey, events.Min(e => e.Wave.WindowStart), events.Max(e => e.Wave.WindowEnd), ct);
        var alerts = await EarlierAlertsAsync(events, ct);
        foreach (var waveEvent in events)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var provisional = waveEvent.Kind != WaveEventKind.Resolved && reportingDelayDays > 0
                && waveEvent.Wave.WindowEnd >= ReportingDelay.IncompleteFrom(DateOnly.FromDateTime(now), reportingDelayDays);
            var wave = waveEvent.Wave;
            var incidentIds = incidents.Where(i => i.OccurredOn >= wave.WindowStart && i.OccurredOn <= wave.WindowEnd).Select(i => i.Id).ToList();
            var severity = AlertSeverity.Of(rule, wave.Score);
            var kind = KindOf(waveEvent.Kind);

            var record = alerts.GetValueOrDefault(wave.AlertId);
            var alert = record?.ToAlert() ?? new Alert
            {
                AlertId = wave.AlertId,
                RuleId = rule.RuleId,
                Series = series.Clone(),
                OpenTime = ProtoDates.ToTimestamp(now),
            };
            alert.State = kind == AlertEventKind.Resolved ? AlertState.Resolved : AlertState.Open;
            alert.Resolution = ResolutionOf(waveEvent.Resolution);
            alert.Window = ProtoDates.ToPeriod(wave.WindowStart, wave.WindowEnd);
            alert.Observed = wave.Observed;
            alert.Expected = wave.Expected;
            alert.UpperBound = wave.UpperBound;
            alert.Score = wave.Score;
            alert.Method = wave.Method;
            alert.Severity = severity;
            alert.IncidentIds.Clear();
            alert.IncidentIds.Add(incidentIds);
            alert.Labels.Clear();
            alert.Labels.Add(rule.Labels);
            alert.UpdateTime = ProtoDates.ToTimestamp(now);
            alert.ResolveTime = kind == AlertEventKind.Resolved ? ProtoDates.ToTimestamp(now) : null;
            alert.Provisional = provisional;
            alert.ReportingDelayDays = reportingDelayDays;

            if (record is null)
            {
                record = new AlertRecord { AlertId = alert.AlertId, RuleId = rule.RuleId, SeriesKey = seriesKey, Body = [] };
                db.Alerts.Add(record);
                alerts[record.AlertId] = record;
            }

            record.Store(alert);
            record.ProvisionalUntil = provisional ? ReportingDelay.CompleteOn(wave.WindowEnd, reportingDelayDays) : null;

            var alertEvent = ToEvent(waveEvent, rule, alert.Series, incidentIds, now);
            alertEvent.Provisional = provisional;
            alertEvent.ReportingDelayDays = reportingDelayDays;
            Add(db, alertEvent, silences.Any(s => SilenceMatcher.Suppresses(s, rule.RuleId, alert.Series, now)));
        }
    }

    /// <summary>
    /// Resolves every open wave of <paramref name="rule"/> for <paramref name="resolution"/> (the rule was disabled or
    /// deleted): their alerts resolve and subscribers are told. A deleted rule's waves and incidents are forgotten.
    /// </summary>
    public async Task ResolveOpenWavesAsync(Rule rule, WaveResolution resolution, IReadOnlyList<Silence> silences, CancellationToken ct)
    {
        // Inside the caller's transaction: no replica judges these series while they resolve.
        var openKeys = await db.Waves.AsNoTracking().Where(w => w.RuleId == rule.RuleId && w.AlertId != null && w.ResolvedOn == null)
            .Select(w => w.SeriesKey).ToListAsync(ct);
        await SeriesLocks.LockAsync(db, rule.RuleId, openKeys, ct);
        var waves = await db.Waves.Where(w => w.RuleId == rule.RuleId).ToListAsync(ct);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        foreach (var wave in waves.Where(w => w.IsOpen))
        {
            var state = wave.ToState();
            var open = state.Open!;
            await RecordAsync(
                rule, wave.SeriesKey, wave.ToSeries(), [new WaveEvent(WaveEventKind.Resolved, today, open, resolution)], silences, 0, ct);
            wave.Store(new WaveState(null, open.LastAlarmDay, open, today));
        }

        if (resolution == WaveResolution.RuleDeleted)
        {
            db.Waves.RemoveRange(waves);
            await db.SeriesIncidents.Where(s => s.RuleId == rule.RuleId).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>Stores an event of an alert, to be delivered once committed (unless a silence held it back).</summary>
    public static void Add(AlertingDbContext db, AlertEvent alertEvent, bool suppressed) => db.AlertEvents.Add(new AlertEventRecord
    {
        EventId = alertEvent.EventId,
        AlertId = alertEvent.AlertId,
        Kind = EnumNames.Of(alertEvent.Kind),
        Body = Formatter.Format(alertEvent),
        EmittedAt = alertEvent.EmittedAt.ToDateTime(),
        Suppressed = suppressed,
        TraceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null,
    });

    /// <summary>The event subscribers receive for one thing that happened to a wave.</summary>
    public static AlertEvent ToEvent(WaveEvent waveEvent, Rule rule, Selector series, IEnumerable<string> incidentIds, DateTime emittedAtUtc)
    {
        var wave = waveEvent.Wave;
        return new AlertEvent
        {
            EventId = NewId.NextGuid().ToString(),
            Kind = KindOf(waveEvent.Kind),
            AlertId = wave.AlertId,
            RuleId = rule.RuleId,
            Series = series.Clone(),
            Window = ProtoDates.ToPeriod(wave.WindowStart, wave.WindowEnd),
            Observed = wave.Observed,
            Expected = wave.Expected,
            UpperBound = wave.UpperBound,
            Score = wave.Score,
            Severity = AlertSeverity.Of(rule, wave.Score),
            IncidentIds = { incidentIds },
            EmittedAt = ProtoDates.ToTimestamp(emittedAtUtc),
            Method = wave.Method,
            Labels = { rule.Labels },
            Resolution = ResolutionOf(waveEvent.Resolution),
        };
    }

    /// <summary>The event that tells subscribers who acknowledged an alert and what they said.</summary>
    public static AlertEvent Acknowledged(Alert alert, string actor, string comment, DateTime nowUtc)
    {
        var acknowledged = OfAlert(alert, AlertEventKind.Acknowledged, nowUtc);
        acknowledged.Actor = actor;
        acknowledged.Comment = comment;
        return acknowledged;
    }

    /// <summary>The event that tells subscribers a provisional alert's reporting delay has passed.</summary>
    public static AlertEvent Confirmed(Alert alert, DateTime nowUtc) => OfAlert(alert, AlertEventKind.Confirmed, nowUtc);

    /// <summary>An event about the alert as it stands, not about a change of its wave.</summary>
    private static AlertEvent OfAlert(Alert alert, AlertEventKind kind, DateTime nowUtc) => new()
    {
        EventId = NewId.NextGuid().ToString(),
        Kind = kind,
        AlertId = alert.AlertId,
        RuleId = alert.RuleId,
        Series = alert.Series?.Clone(),
        Window = alert.Window?.Clone(),
        Observed = alert.Observed,
        Expected = alert.Expected,
        UpperBound = alert.UpperBound,
        Score = alert.Score,
        Severity = alert.Severity,
        IncidentIds = { alert.IncidentIds },
        EmittedAt = ProtoDates.ToTimestamp(nowUtc),
        Method = alert.Method,
        Labels = { alert.Labels },
        Resolution = alert.Resolution,
        Provisional = alert.Provisional,
        ReportingDelayDays = alert.ReportingDelayDays,
    };

    private static AlertEventKind KindOf(WaveEventKind kind) => kind switch
    {
        WaveEventKind.Opened => AlertEventKind.Opened,
        WaveEventKind.Updated => AlertEventKind.Updated,
        WaveEventKind.Reopened => AlertEventKind.Reopened,
        _ => AlertEventKind.Resolved,
    };

    private static AlertResolution ResolutionOf(WaveResolution resolution) => resolution switch
    {
        WaveResolution.Quiet => AlertResolution.Quiet,
        WaveResolution.Withdrawn => AlertResolution.Withdrawn,
        WaveResolution.RuleDisabled => AlertResolution.RuleDisabled,
        WaveResolution.RuleDeleted => AlertResolution.RuleDeleted,
        _ => AlertResolution.Unspecified,
    };

    /// <summary>
    /// The stored alerts the events carry on, by id, tracked. An opened wave's id is new: only the others are sought. Each
    /// wave is one series' and each series is judged once in a unit of work, whose earlier steps are saved before the
    /// next, so the database (or the tracked row the query resolves to) has every alert an event can carry on.
    /// </summary>
    private async Task<Dictionary<string, AlertRecord>> EarlierAlertsAsync(IReadOnlyList<WaveEvent> events, CancellationToken ct)
    {
        var opened = events.Where(e => e.Kind == WaveEventKind.Opened).Select(e => e.Wave.AlertId).ToHashSet(StringComparer.Ordinal);
        var sought = events.Select(e => e.Wave.AlertId).Where(id => !opened.Contains(id)).Distinct().ToList();
        return sought.Count == 0
            ? new Dictionary<string, AlertRecord>(StringComparer.Ordinal)
            : await db.Alerts.Where(a => sought.Contains(a.AlertId)).ToDictionaryAsync(a => a.AlertId, StringComparer.Ordinal, ct);
    }

    /// <summary>
    /// The incidents of the series from <paramref name="from"/> to <paramref name="to"/> as stored, by day and then id: a
    /// pass saves every rule's plan, where these rows change, before any rule judges (<see cref="AlertEvaluator"/>). Read
    /// without tracking: a window can hold thousands of incidents (a national series over months), and loading them into
    /// the context for each event cost the first passes of a back-fill a tenth of alerting's CPU, and every later save
    /// compared them all again.
    /// </summary>
    private async Task<List<(string Id, DateOnly OccurredOn)>> IncidentsAsync(string ruleId, string seriesKey, DateOnly from, DateOnly to, CancellationToken ct) =>
        [.. (await db.SeriesIncidents.AsNoTracking()
                .Where(s => s.RuleId == ruleId && s.SeriesKey == seriesKey && s.OccurredOn >= from && s.OccurredOn <= to)
                .Select(s => new { s.IncidentId, s.OccurredOn })
                .ToListAsync(ct))
            .OrderBy(s => s.OccurredOn)
            .ThenBy(s => s.IncidentId)
            .Select(s => (s.IncidentId.ToString(), s.OccurredOn))];
}
