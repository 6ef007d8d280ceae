using MassTransit;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Series;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Rules;

/// <summary>
/// The events a rule would have raised over a period of history, by the same detector and wave
/// tracker that run live, starting from a quiet state and storing nothing. Each event's emitted_at is
/// the start of the day it would have been raised on; incident_ids are left empty (the live path
/// knows them from the changes it saw, a backtest sees only counts).
/// </summary>
public sealed class Backtester(ISeriesSource seriesSource, AlertingDbContext db)
{
    public const int MaxPeriodDays = 3660;

    public async Task<IReadOnlyList<AlertEvent>> RunAsync(Rule rule, Period? period, CancellationToken ct)
    {
        var violations = RuleValidator.Validate(rule);
        var days = violations.Period(period, "period", MaxPeriodDays);
        violations.ThrowIfAny("The backtest has invalid fields.");
        var (from, to) = days!.Value;
        var detector = RuleDetector.For(rule.Detector);
        var groupBy = rule.GroupBy == GroupBy.Unspecified ? GroupBy.None : rule.GroupBy;
        var grouped = await seriesSource.GetSeriesAsync(Selection.From(rule.Selector), rule.Measure, groupBy, from.AddDays(-detector.HistoryDays), to, ct);

        var starts = await DataStart.ReadAsync(db, ct);
        var events = new List<(DateOnly On, string Key, AlertEvent Event)>();
        foreach (var (key, series) in grouped.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // History starts where the data does, as it does live (DataStart).
            var start = starts.For(series.Selection);
            var counts = series.Counts.StartingAt(start > from ? from : start);
            using var judged = DayJudge.Judge(detector.Detector, counts, from, to);
            var step = detector.TrackerFor(rule)
                .Advance(WaveState.Quiet, counts, judged, () => NewId.NextGuid().ToString());
            foreach (var waveEvent in step.Events)
            {
                var emittedAt = waveEvent.On.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                events.Add((waveEvent.On, key, AlertRecorder.ToEvent(waveEvent, rule, series.Selection.ToSelector(), [], emittedAt)));
            }
        }

        return [.. events.OrderBy(e => e.On).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Event)];
    }
}
