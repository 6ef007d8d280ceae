using Google.Protobuf.WellKnownTypes;
using Vigia.Common.V1;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>Conversions between the contract's dates and instants and .NET's (checked ones are in <see cref="RequestChecks"/>).</summary>
public static class ProtoDates
{
    public static Google.Type.Date ToDate(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    /// <summary>A date already known to be a calendar date (one this platform wrote).</summary>
    public static DateOnly ToDateOnly(Google.Type.Date date) => new(date.Year, date.Month, date.Day);

    public static Period ToPeriod(DateOnly start, DateOnly end) => new() { StartDate = ToDate(start), EndDate = ToDate(end) };

    /// <summary>Stored instants come back from SQLite without a kind; every instant the platform stores is UTC.</summary>
    public static Timestamp ToTimestamp(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
