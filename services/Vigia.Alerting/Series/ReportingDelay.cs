using System.Globalization;
using Vigia.Contracts.Messages;

namespace Vigia.Alerting.Series;

/// <summary>
/// A series' reporting delay, learned from when the registry recorded its new incidents against the day they
/// occurred: the number of days within which nine in ten of them were recorded. A day is complete once that many
/// days have passed after it; until then more of its incidents may yet arrive, so an alarm on it is provisional and
/// its quietness proves nothing (a wave does not resolve on it). Incidents recorded more than
/// <see cref="MaxDays"/> days late are history loaded after the fact, not a desk's reporting delay, and do not count.
/// </summary>
public static class ReportingDelay
{
    public const int MaxDays = 60;
    private const double Share = 0.9;

    /// <summary>The days between the incident's day and its recording, or null when it says nothing about the delay.</summary>
    public static int? DaysOf(IncidentSnapshot incident)
    {
        if (incident.RecordedAt is not { } recordedAt)
        {
            return null;
        }

        var days = DateOnly.FromDateTime(recordedAt).DayNumber - incident.OccurredOn.DayNumber;
        return days is >= 0 and <= MaxDays ? days : null;
    }

    /// <summary>The delay in days of a series whose recorded delays are <paramref name="dayCounts"/>; 0 before any.</summary>
    public static int Of(string? dayCounts)
    {
        var counts = Parse(dayCounts);
        var total = counts.Sum(c => (long)c);
        var covered = 0L;
        for (var days = 0; days < counts.Count; days++)
        {
            covered += counts[days];
            if (total > 0 && covered >= Share * total)
            {
                return days;
            }
        }

        return 0;
    }

    /// <summary>The counts with one more incident recorded <paramref name="days"/> late.</summary>
    public static string Add(string? dayCounts, int days)
    {
        var counts = Parse(dayCounts);
        while (counts.Count <= days)
        {
            counts.Add(0);
        }

        counts[days]++;
        return string.Join(',', counts.Select(c => c.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// The first day not yet complete on <paramref name="today"/> for a series <paramref name="delayDays"/> late (a day
    /// is complete on the day its delay ends); after today for a series recorded on the day.
    /// </summary>
    public static DateOnly IncompleteFrom(DateOnly today, int delayDays) => today.AddDays(1 - delayDays);

    /// <summary>The day on which <paramref name="day"/> is complete.</summary>
    public static DateOnly CompleteOn(DateOnly day, int delayDays) => day.AddDays(delayDays);

    private static List<int> Parse(string? dayCounts) =>
        string.IsNullOrEmpty(dayCounts) ? [] : [.. dayCounts.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
}
