using Vigia.Common.V1;

namespace Vigia.Statistics.Series;

/// <summary>
/// The periods a series is cut into, each named by the day it starts on: the day itself, the
/// Monday of its ISO week, the 1st of its month, January 1st of its year. The first and last
/// bucket may start before or end after the requested period; they count only its days.
/// </summary>
public static class TimeBuckets
{
    public static DateOnly StartOf(DateOnly date, Granularity granularity) => granularity switch
    {
        Granularity.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
        Granularity.Month => new DateOnly(date.Year, date.Month, 1),
        Granularity.Year => new DateOnly(date.Year, 1, 1),
        _ => date,
    };

    public static DateOnly Next(DateOnly start, Granularity granularity) => granularity switch
    {
        Granularity.Week => start.AddDays(7),
        Granularity.Month => start.AddMonths(1),
        Granularity.Year => start.AddYears(1),
        _ => start.AddDays(1),
    };

    /// <summary>The start of every bucket that holds a day of the period, in order.</summary>
    public static IReadOnlyList<DateOnly> Starts(DatePeriod period, Granularity granularity)
    {
        var starts = new List<DateOnly>();
        for (var start = StartOf(period.Start, granularity); start <= period.End; start = Next(start, granularity))
        {
            starts.Add(start);
        }

        return starts;
    }

    /// <summary>How many buckets the period has, without listing them (to refuse oversized answers early).</summary>
    public static int Count(DatePeriod period, Granularity granularity) => granularity switch
    {
        Granularity.Week => ((StartOf(period.End, granularity).DayNumber - StartOf(period.Start, granularity).DayNumber) / 7) + 1,
        Granularity.Month => ((period.End.Year - period.Start.Year) * 12) + period.End.Month - period.Start.Month + 1,
        Granularity.Year => period.End.Year - period.Start.Year + 1,
        _ => period.Days,
    };
}
