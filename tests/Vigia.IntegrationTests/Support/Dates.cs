using Vigia.Common.V1;
using GoogleDate = Google.Type.Date;

namespace Vigia.IntegrationTests.Support;

/// <summary>google.type.Date and Period from and to DateOnly.</summary>
public static class Dates
{
    public static GoogleDate ToProto(DateOnly day) => new() { Year = day.Year, Month = day.Month, Day = day.Day };

    public static DateOnly From(GoogleDate date) => new(date.Year, date.Month, date.Day);

    public static Period Period(DateOnly start, DateOnly end) => new() { StartDate = ToProto(start), EndDate = ToProto(end) };
}
