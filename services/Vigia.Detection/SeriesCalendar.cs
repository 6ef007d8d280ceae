namespace Vigia.Detection;

/// <summary>Maps a point index of a daily or weekly series to its calendar: date, weekday, phase of the year.</summary>
internal static class SeriesCalendar
{
    public const double DaysPerYear = 365.2425;

    public static int PointsPerYear(SeriesFrequency frequency) => frequency == SeriesFrequency.Daily ? 365 : 52;

    public static int DaysPerPoint(SeriesFrequency frequency) => frequency == SeriesFrequency.Daily ? 1 : 7;

    public static DateOnly DateAt(DateOnly firstDate, int t, SeriesFrequency frequency) =>
        firstDate.AddDays(t * DaysPerPoint(frequency));

    /// <summary>The day number of point t, continuous across years; its phase drives the annual harmonics.</summary>
    public static double DayNumber(DateOnly firstDate, double t, SeriesFrequency frequency) =>
        firstDate.DayNumber + t * DaysPerPoint(frequency);

    /// <summary>Monday = 0 … Sunday = 6 of point t of a daily series.</summary>
    public static int Weekday(DateOnly firstDate, int t) => (int)((firstDate.DayNumber + (long)t) % 7);
}
