using Google.Protobuf.WellKnownTypes;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;

namespace Vigia.IntegrationTests.Support;

/// <summary>Reports shaped like a data desk's: one source's coded account of one killing (in El Salvador unless the department says otherwise).</summary>
public static class SampleReports
{
    /// <summary>Every department of El Salvador, to spread reports over places.</summary>
    public static readonly string[] Departments =
        ["SV-AH", "SV-CA", "SV-CH", "SV-CU", "SV-LI", "SV-MO", "SV-PA", "SV-SA", "SV-SM", "SV-SO", "SV-SS", "SV-SV", "SV-UN", "SV-US"];

    /// <summary>A unique source name, so a test finds its own reports with ListIncidents' source filter.</summary>
    public static string NewSource(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    public static Report Homicide(
        string source,
        string sourceRecordId,
        DateOnly day,
        string admin1,
        VictimCategory victimCategory = VictimCategory.Civilian,
        int victims = 1,
        string perpetrator = "MS-13") => new()
        {
            Source = source,
            SourceRecordId = sourceRecordId,
            Url = $"https://example.org/{source}/{sourceRecordId}",
            PublishedAt = Timestamp.FromDateTime(day.AddDays(1).ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc)),
            OccurredOn = Dates.ToProto(day),
            DatePrecision = DatePrecision.Day,
            // An ISO 3166-2 code starts with its country's: "GT-01" is in Guatemala.
            Place = new Place { CountryCode = admin1[..2], Admin1 = admin1 },
            IncidentType = IncidentType.Homicide,
            Victims = { new Victims { Category = victimCategory, Count = victims } },
            Perpetrator = perpetrator,
            Description = $"Homicidio registrado por {source} ({sourceRecordId}).",
            Language = "es",
        };
}
