using Vigia.Detection;

namespace Vigia.Cli.Detect;

/// <summary>One input series, on a regular grid: missing days (or weeks) count as zero, repeated dates are added up.</summary>
internal sealed record CountSeries(string Id, SeriesFrequency Frequency, DateOnly FirstDate, double[] Counts)
{
    public DateOnly DateAt(int t) => FirstDate.AddDays(t * (Frequency == SeriesFrequency.Daily ? 1 : 7));

    /// <summary>
    /// Builds a series from dated counts, telling daily from weekly by the spacing of its dates: weekly when every gap is a
    /// whole number of weeks, daily otherwise (and for a single date).
    /// </summary>
    public static CountSeries FromRows(string id, IEnumerable<(DateOnly Date, double Count)> rows)
    {
        var byDate = new SortedDictionary<DateOnly, double>();
        foreach (var (date, count) in rows)
        {
            byDate[date] = byDate.GetValueOrDefault(date) + count;
        }

        if (byDate.Count == 0)
        {
            throw new ArgumentException($"Series '{id}' has no rows.", nameof(rows));
        }

        var dates = byDate.Keys.ToList();
        var weekly = dates.Count > 1 && dates.Zip(dates.Skip(1)).All(pair => (pair.Second.DayNumber - pair.First.DayNumber) % 7 == 0);
        var frequency = weekly ? SeriesFrequency.Weekly : SeriesFrequency.Daily;
        var step = weekly ? 7 : 1;
        var first = dates[0];
        var counts = new double[(dates[^1].DayNumber - first.DayNumber) / step + 1];
        foreach (var (date, count) in byDate)
        {
            counts[(date.DayNumber - first.DayNumber) / step] = count;
        }

        return new CountSeries(id, frequency, first, counts);
    }
}
