using Google.Protobuf;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
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

    public async Task RecordAsync(
        Rule rule, string seriesKey, Selector series, IReadOnlyList<WaveEvent> events, IReadOnlyList<Silence> silences, CancellationToken ct)
    {
        foreach (var waveEvent in events)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var wave = waveEvent.Wave;
            var incidentIds = await IncidentIdsAsync(rule.RuleId, seriesKey, wave.WindowStart, wave.WindowEnd, ct);
            var severity = AlertSeverity.Of(rule, wave.Score);
            var kind = KindOf(waveEvent.Kind);

            var record = await FindAlertAsync(wave.AlertId, ct);
            var alert = record?.ToAlert() ?? new Alert
            {
                AlertId = wave.AlertId,
                RuleId = rule.RuleId,
                Series = series.Clone(),
                OpenTime = ProtoDates.ToTimestamp(now),
            };
            alert.State = kind == AlertEventKind.Resolved ? AlertState.Resolved : AlertState.Open;
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
            if (kind == AlertEventKind.Resolved)
            {
                alert.ResolveTime = ProtoDates.ToTimestamp(now);
            }

            if (record is null)
            {
                record = new AlertRecord { AlertId = alert.AlertId, RuleId = rule.RuleId, SeriesKey = seriesKey, Body = [] };
                db.Alerts.Add(record);
            }

            record.Store(alert);

            var alertEvent = ToEvent(waveEvent, rule, alert.Series, incidentIds, now);
            db.AlertEvents.Add(new AlertEventRecord
            {
                EventId = alertEvent.EventId,
                AlertId = alert.AlertId,
                Kind = EnumNames.Of(kind),
                Body = Formatter.Format(alertEvent),
                EmittedAt = now,
                Suppressed = silences.Any(s => SilenceMatcher.Suppresses(s, rule.RuleId, alert.Series, now)),
            });
        }
    }

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
        };
    }

    private static AlertEventKind KindOf(WaveEventKind kind) => kind switch
    {
        WaveEventKind.Opened => AlertEventKind.Opened,
        WaveEventKind.Updated => AlertEventKind.Updated,
        _ => AlertEventKind.Resolved,
    };

    private async Task<AlertRecord?> FindAlertAsync(string alertId, CancellationToken ct) =>
        db.Alerts.Local.FirstOrDefault(a => a.AlertId == alertId)
        ?? await db.Alerts.SingleOrDefaultAsync(a => a.AlertId == alertId, ct);

    /// <summary>The incidents of the series in the window, counting the changes of this unit of work not yet saved.</summary>
    private async Task<List<string>> IncidentIdsAsync(string ruleId, string seriesKey, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await db.SeriesIncidents
            .Where(s => s.RuleId == ruleId && s.SeriesKey == seriesKey && s.OccurredOn >= from && s.OccurredOn <= to)
            .LoadAsync(ct);
        return [.. db.SeriesIncidents.Local
            .Where(s => s.RuleId == ruleId && s.SeriesKey == seriesKey && s.OccurredOn >= from && s.OccurredOn <= to)
            .OrderBy(s => s.OccurredOn)
            .ThenBy(s => s.IncidentId)
            .Select(s => s.IncidentId.ToString())];
    }
}
