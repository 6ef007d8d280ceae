using Google.Protobuf.WellKnownTypes;
using Vigia.Common.V1;

namespace Vigia.Alerting.Evaluation;

/// <summary>Conversions between the contract's dates and instants and .NET's.</summary>
public static class ProtoDates
{
    public static Google.Type.Date ToDate(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    public static DateOnly ToDateOnly(Google.Type.Date date) => new(date.Year, date.Month, date.Day);

    public static Period ToPeriod(DateOnly start, DateOnly end) => new() { StartDate = ToDate(start), EndDate = ToDate(end) };

    /// <summary>Stored instants come back from SQLite without a kind; they are always UTC.</summary>
    public static Timestamp ToTimestamp(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
