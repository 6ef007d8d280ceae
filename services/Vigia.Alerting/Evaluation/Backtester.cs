using Google.Protobuf.Reflection;
using MassTransit;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Series;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.Common.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Evaluation;

/// <summary>
/// The events a rule would have raised over a period of history, by the same detector and wave
/// tracker that run live, starting from a quiet state and storing nothing. Each event's emitted_at is
/// the start of the day it would have been raised on; incident_ids are left empty (the live path
/// knows them from the changes it saw, a backtest sees only counts).
/// </summary>
public sealed class Backtester(ISeriesSource seriesSource)
{
    public const int MaxPeriodDays = 3660;

    public async Task<IReadOnlyList<AlertEvent>> RunAsync(Rule rule, Period? period, CancellationToken ct)
    {
        var violations = RuleValidator.Validate(rule);
        if (period?.StartDate is null || period.EndDate is null)
        {
            violations.Add("period", "start_date and end_date are required");
        }
        else if (ProtoDates.ToDateOnly(period.EndDate) < ProtoDates.ToDateOnly(period.StartDate))
        {
            violations.Add("period.end_date", "must not be before start_date");
        }
        else if (ProtoDates.ToDateOnly(period.EndDate).DayNumber - ProtoDates.ToDateOnly(period.StartDate).DayNumber >= MaxPeriodDays)
        {
            violations.Add("period", $"must be at most {MaxPeriodDays} days");
        }

        violations.ThrowIfAny("The backtest has invalid fields.");
        var from = ProtoDates.ToDateOnly(period!.StartDate);
        var to = ProtoDates.ToDateOnly(period.EndDate!);
        var detector = RuleDetector.For(rule.Detector);
        var selector = rule.Selector ?? new Selector();
        var groupBy = rule.GroupBy == GroupBy.Unspecified ? GroupBy.None : rule.GroupBy;
        var grouped = await seriesSource.GetGroupedDailyAsync(selector, rule.Measure, groupBy, from.AddDays(-detector.HistoryDays), to, ct);

        var events = new List<(DateOnly On, string Key, AlertEvent Event)>();
        foreach (var (key, counts) in grouped.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var series = Narrow(selector, groupBy, key);
            var days = DayJudge.Judge(detector.Detector, counts, from, to);
            var step = new WaveTracker(detector.WindowDays, rule.MinCount)
                .Advance(WaveState.Quiet, counts, days, () => NewId.NextGuid().ToString());
            foreach (var waveEvent in step.Events)
            {
                var emittedAt = waveEvent.On.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                events.Add((waveEvent.On, key, AlertRecorder.ToEvent(waveEvent, rule, series, [], emittedAt)));
            }
        }

        return [.. events.OrderBy(e => e.On).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Event)];
    }

    /// <summary>The selector of one of statistics' grouped series, from its key.</summary>
    private static Selector Narrow(Selector selector, GroupBy groupBy, string key)
    {
        var series = selector.Clone();
        switch (groupBy)
        {
            case GroupBy.Country:
                Set(series.CountryCodes, key);
                break;
            case GroupBy.Admin1:
                Set(series.Admin1, key);
                break;
            case GroupBy.Admin2:
                Set(series.Admin2, key);
                break;
            case GroupBy.Perpetrator:
                Set(series.Perpetrators, key);
                break;
            case GroupBy.IncidentType when Parse(EnumNames.IncidentTypes, key) is { } type:
                series.IncidentTypes.Clear();
                series.IncidentTypes.Add((IncidentType)type);
                break;
            case GroupBy.VictimCategory when Parse(EnumNames.VictimCategories, key) is { } category:
                series.VictimCategories.Clear();
                series.VictimCategories.Add((VictimCategory)category);
                break;
        }

        return series;
    }

    private static void Set(Google.Protobuf.Collections.RepeatedField<string> field, string value)
    {
        field.Clear();
        field.Add(value);
    }

    /// <summary>Accepts "homicide", "HOMICIDE", "INCIDENT_TYPE_HOMICIDE" or "Homicide".</summary>
    private static int? Parse(EnumDescriptor descriptor, string key)
    {
        var normalized = key.Trim().Replace('-', '_').Replace(' ', '_').ToUpperInvariant();
        var prefix = EnumNames.PrefixOf(descriptor);
        var value = descriptor.Values.FirstOrDefault(v => v.Name == normalized || v.Name == prefix + normalized
            || v.Name.Replace("_", "", StringComparison.Ordinal) == prefix.Replace("_", "", StringComparison.Ordinal) + normalized.Replace("_", "", StringComparison.Ordinal));
        return value?.Number;
    }
}
