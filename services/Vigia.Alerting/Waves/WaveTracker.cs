using Vigia.Alerting.Alerts;
using Vigia.Alerting.Series;
namespace Vigia.Alerting.Waves;

/// <summary>
/// Turns day-by-day detector verdicts into waves: one alert that opens, grows and resolves, never
/// one alert per alarming day.
/// <list type="bullet">
/// <item>An alarm day with no open wave opens one; its window is the span of days with counts inside the
/// alarm window (a threshold's <c>window_days</c>, one day for the other detectors).</item>
/// <item>An alarm day while open widens the window or raises the observed count (or the severity): the wave is
/// updated. So does, for window rules, a day with a count that falls before the wave could resolve (a fourth
/// killing the day after three): it belongs to the same wave.</item>
/// <item>A wave resolves (quiet) once <see cref="HoldDays"/> days after its last alarm day have passed without
/// alarm, so a quiet day between two spike days does not split one wave in two.</item>
/// <item>An alarm within <see cref="CooldownDays"/> of a resolution reopens the same alert.</item>
/// <item>Judging an open wave again from its first day (its incidents changed) rebuilds it from the days as
/// they now stand: it shrinks, or, when none of its days alarms any more, resolves as withdrawn.</item>
/// <item>Evaluating the same days with the same counts again changes nothing and announces nothing.</item>
/// </list>
/// Several changes to one wave in one evaluation are announced once, as the wave stands at the end.
/// </summary>
/// <param name="windowDays">The alarm window: a threshold's window, 1 for detectors that judge single days.</param>
/// <param name="minCount">Days whose observed value is below it never alarm.</param>
/// <param name="holdDays">Days without alarm before a wave resolves; never less than the window.</param>
/// <param name="cooldownDays">Days after a resolution within which an alarm reopens the same alert; 0 never reopens.</param>
public sealed class WaveTracker(int windowDays, double minCount, int holdDays = 0, int cooldownDays = 0)
{
    public int WindowDays { get; } = windowDays >= 1 ? windowDays : throw new ArgumentOutOfRangeException(nameof(windowDays));

    public int HoldDays { get; } = Math.Max(windowDays, holdDays);

    public int CooldownDays { get; } = Math.Max(0, cooldownDays);

    private bool IsWindowRule => WindowDays > 1;

    /// <summary>
    /// The days to judge after incidents changed on <paramref name="firstChanged"/> … <paramref name="lastChanged"/>:
    /// from the first changed day (or, for an open wave, its first day when the changes fall inside it, else the
    /// day after its last alarm, so no quiet day is skipped) through the last window those days fall in (or the
    /// end of an open wave's hold period), never past the data horizon. Null when there is nothing to judge yet.
    /// </summary>
    public (DateOnly From, DateOnly To)? DaysToJudge(WaveState state, DateOnly firstChanged, DateOnly lastChanged, DateOnly horizon)
    {
        var from = firstChanged;
        var to = lastChanged.AddDays(WindowDays - 1);
        if (state.Open is { } open)
        {
            var start = firstChanged <= open.LastAlarmDay ? open.WindowStart : open.LastAlarmDay.AddDays(1);
            from = start < from ? start : from;
            var quietUntil = open.LastAlarmDay.AddDays(HoldDays);
            to = quietUntil > to ? quietUntil : to;
        }

        to = to > horizon ? horizon : to;
        return from <= to ? (from, to) : null;
    }

    /// <param name="state">The series' state before these days.</param>
    /// <param name="series">The counts the days were judged on (at least the days, and the window before them).</param>
    /// <param name="days">Consecutive days in ascending order, none past the data horizon.</param>
    /// <param name="newAlertId">Makes the id of a wave that opens.</param>
    /// <param name="incompleteFrom">
    /// The first day still inside the series' reporting delay (<see cref="ReportingDelay"/>): from it on, more incidents
    /// may yet be recorded, so a day without alarm does not count towards the hold and no wave resolves as quiet.
    /// </param>
    public WaveStep Advance(
        WaveState state, DailySeries series, IReadOnlyList<DayResult> days, Func<string> newAlertId, DateOnly? incompleteFrom = null)
    {
        var open = state.Open;
        var closedThrough = state.ClosedThrough;
        var resolved = state.Resolved;
        var resolvedOn = state.ResolvedOn;
        var events = new List<WaveEvent>();
        int? pending = null; // the event this run already holds for the open wave

        // Judged again from its first day, the open wave is rebuilt from the days as they stand now.
        var rejudged = open is not null && days.Count > 0 && days[0].Date <= open.WindowStart ? open : null;
        var announced = rejudged;
        int? rebuiltEvent = null;
        if (rejudged is not null)
        {
            open = null;
        }

        foreach (var (date, result) in days)
        {
            var alarm = result.Alarm && result.Observed >= minCount && (closedThrough is null || date > closedThrough);
            if (alarm)
            {
                var (start, end) = ActiveSpan(series, date);
                if (open is null)
                {
                    var fresh = new OpenWave("", start, end, date, ObservedOver(series, start, end, result.Observed),
                        result.Expected, result.UpperBound, result.Score, result.Method);
                    if (rejudged is not null)
                    {
                        open = fresh with { AlertId = rejudged.AlertId };
                        rejudged = null;
                        events.Add(new WaveEvent(WaveEventKind.Updated, date, open));
                        rebuiltEvent = pending = events.Count - 1;
                    }
                    else if (resolved is not null && resolvedOn is { } on && date <= on.AddDays(CooldownDays))
                    {
                        open = Grow(resolved, series, start, end, date, result);
                        events.Add(new WaveEvent(WaveEventKind.Reopened, date, open));
                        pending = events.Count - 1;
                    }
                    else
                    {
                        open = fresh with { AlertId = newAlertId() };
                        events.Add(new WaveEvent(WaveEventKind.Opened, date, open));
                        pending = events.Count - 1;
                    }

                    resolved = null;
                    resolvedOn = null;
                    continue;
                }

                var grown = Grow(open, series, start, end, date, result);
                Announce(ref open, grown, date, events, ref pending);
            }
            else if (open is not null)
            {
                if (date >= open.LastAlarmDay.AddDays(HoldDays) && !(date >= incompleteFrom))
                {
                    DropIfUnchanged(events, ref rebuiltEvent, announced);
                    events.Add(new WaveEvent(WaveEventKind.Resolved, date, open, WaveResolution.Quiet));
                    closedThrough = open.LastAlarmDay;
                    resolved = open;
                    resolvedOn = date;
                    open = null;
                    pending = null;
                }
                else if (IsWindowRule && date > open.WindowEnd && date > open.LastAlarmDay && series.CountOn(date) > 0)
                {
                    var extended = open with
                    {
                        WindowEnd = date,
                        Observed = Math.Max(open.Observed, series.Sum(open.WindowStart, date)),
                    };
                    Announce(ref open, extended, date, events, ref pending);
                }
            }
        }

        DropIfUnchanged(events, ref rebuiltEvent, announced);
        if (rejudged is not null)
        {
            // None of its days alarms any more: the wave no longer stands.
            var on = days[^1].Date;
            events.Add(new WaveEvent(WaveEventKind.Resolved, on, rejudged, WaveResolution.Withdrawn));
            resolved = rejudged;
            resolvedOn = on;
        }

        return new WaveStep(new WaveState(open, closedThrough, open is null ? resolved : null, open is null ? resolvedOn : null), events);
    }

    /// <summary>A rebuilt wave that ended up as it was announced needs no update.</summary>
    private static void DropIfUnchanged(List<WaveEvent> events, ref int? rebuiltEvent, OpenWave? announced)
    {
        if (rebuiltEvent is { } index && announced is not null && !Differs(announced, events[index].Wave))
        {
            events.RemoveAt(index);
        }

        rebuiltEvent = null;
    }

    private static bool Differs(OpenWave before, OpenWave after) =>
        after.WindowStart != before.WindowStart || after.WindowEnd != before.WindowEnd || after.Observed != before.Observed
        || AlertSeverity.OfScore(after.Score) != AlertSeverity.OfScore(before.Score);

    private OpenWave Grow(OpenWave open, DailySeries series, DateOnly start, DateOnly end, DateOnly date, Detection.DetectionResult result)
    {
        var windowStart = start < open.WindowStart ? start : open.WindowStart;
        var windowEnd = end > open.WindowEnd ? end : open.WindowEnd;
        var observed = Math.Max(open.Observed, ObservedOver(series, windowStart, windowEnd, result.Observed));
        var stronger = result.Score > open.Score;
        return open with
        {
            WindowStart = windowStart,
            WindowEnd = windowEnd,
            LastAlarmDay = date > open.LastAlarmDay ? date : open.LastAlarmDay,
            Observed = observed,
            Expected = stronger ? result.Expected : open.Expected,
            UpperBound = stronger ? result.UpperBound : open.UpperBound,
            Score = stronger ? result.Score : open.Score,
            Method = stronger ? result.Method : open.Method,
        };
    }

    /// <summary>Keeps the new state; announces it when the window, the observed count or the severity changed.</summary>
    private static void Announce(ref OpenWave open, OpenWave grown, DateOnly date, List<WaveEvent> events, ref int? pending)
    {
        var visible = Differs(open, grown);
        open = grown;
        if (!visible)
        {
            return;
        }

        if (pending is { } index)
        {
            events[index] = events[index] with { Wave = grown };
        }
        else
        {
            events.Add(new WaveEvent(WaveEventKind.Updated, date, grown));
            pending = events.Count - 1;
        }
    }

    private double ObservedOver(DailySeries series, DateOnly start, DateOnly end, double dayObserved) =>
        IsWindowRule ? Math.Max(dayObserved, series.Sum(start, end)) : dayObserved;

    /// <summary>The first and last days with a count inside the alarm window ending at <paramref name="date"/>.</summary>
    private (DateOnly Start, DateOnly End) ActiveSpan(DailySeries series, DateOnly date)
    {
        DateOnly? first = null;
        DateOnly? last = null;
        for (var day = date.AddDays(1 - WindowDays); day <= date; day = day.AddDays(1))
        {
            if (series.CountOn(day) > 0)
            {
                first ??= day;
                last = day;
            }
        }

        return (first ?? date, last ?? date);
    }
}
