namespace Vigia.Statistics.Series;

/// <summary>A period of days, both ends included.</summary>
public readonly record struct DatePeriod(DateOnly Start, DateOnly End)
{
    public int Days => End.DayNumber - Start.DayNumber + 1;

    /// <summary>The period of the same length that ends the day before this one starts.</summary>
    public DatePeriod Preceding() => new(Start.AddDays(-Days), Start.AddDays(-1));

    public override string ToString() => $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";
}
