namespace Vigia.Alerting.Series;

/// <summary>One count per day from <see cref="FirstDate"/> on; days outside the range count as zero.</summary>
public sealed class DailySeries(DateOnly firstDate, double[] counts)
{
    public DateOnly FirstDate { get; } = firstDate;

    /// <summary>The days from <paramref name="first"/> to <paramref name="last"/>: the points' values, zeros elsewhere (points outside are left out).</summary>
    public static DailySeries From(DateOnly first, DateOnly last, IEnumerable<(DateOnly Date, double Value)> points)
    {
        var counts = new double[last.DayNumber - first.DayNumber + 1];
        foreach (var (date, value) in points)
        {
            var index = date.DayNumber - first.DayNumber;
            if (index >= 0 && index < counts.Length)
            {
                counts[index] = value;
            }
        }

        return new DailySeries(first, counts);
    }

    /// <summary>The days from <paramref name="first"/> to <paramref name="last"/> given one value each, in order.</summary>
    /// <exception cref="ArgumentException">The values are not one per day of the range.</exception>
    public static DailySeries FromValues(DateOnly first, DateOnly last, ICollection<double> values)
    {
        var days = last.DayNumber - first.DayNumber + 1;
        if (values.Count != days)
        {
            throw new ArgumentException($"{values.Count} values for the {days} days from {first:yyyy-MM-dd} to {last:yyyy-MM-dd}.", nameof(values));
        }

        var counts = new double[days];
        values.CopyTo(counts, 0);
        return new DailySeries(first, counts);
    }

    public double[] Counts { get; } = counts;

    public DateOnly LastDate => FirstDate.AddDays(Counts.Length - 1);

    public int IndexOf(DateOnly date) => date.DayNumber - FirstDate.DayNumber;

    public double CountOn(DateOnly date)
    {
        var index = IndexOf(date);
        return index >= 0 && index < Counts.Length ? Counts[index] : 0;
    }

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/>, zeros outside this series.</summary>
    public DailySeries Slice(DateOnly from, DateOnly to)
    {
        var counts = new double[to.DayNumber - from.DayNumber + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = CountOn(from.AddDays(i));
        }

        return new DailySeries(from, counts);
    }

    /// <summary>The series from <paramref name="start"/> on, when it starts earlier: days before the data are not history.</summary>
    public DailySeries StartingAt(DateOnly? start) =>
        start is { } first && first > FirstDate && first <= LastDate ? Slice(first, LastDate) : this;

    public double Sum(DateOnly from, DateOnly to)
    {
        var sum = 0.0;
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            sum += CountOn(date);
        }

        return sum;
    }
}
