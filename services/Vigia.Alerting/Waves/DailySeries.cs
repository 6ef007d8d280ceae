namespace Vigia.Alerting.Waves;

/// <summary>One count per day from <see cref="FirstDate"/> on; days outside the range count as zero.</summary>
public sealed class DailySeries(DateOnly firstDate, double[] counts)
{
    public DateOnly FirstDate { get; } = firstDate;

    public double[] Counts { get; } = counts;

    public DateOnly LastDate => FirstDate.AddDays(Counts.Length - 1);

    public int IndexOf(DateOnly date) => date.DayNumber - FirstDate.DayNumber;

    public double CountOn(DateOnly date)
    {
        var index = IndexOf(date);
        return index >= 0 && index < Counts.Length ? Counts[index] : 0;
    }

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
