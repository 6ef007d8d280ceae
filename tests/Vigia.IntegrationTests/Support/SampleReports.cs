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

    /// <summary>June 11, 2017: the first day of the wave of killings of security forces' relatives (domain.md).</summary>
    public static readonly DateOnly June11 = new(2017, 6, 11);

    /// <summary>The June 2017 pattern: three relatives of security forces killed in three departments within 48 hours.</summary>
    public static Report[] JuneWave(string source, string perpetrator) =>
    [
        Relative(source, "ss-1", June11, "SV-SS", perpetrator),
        Relative(source, "li-1", June11, "SV-LI", perpetrator),
        Relative(source, "sm-1", June11.AddDays(1), "SV-SM", perpetrator),
    ];

    /// <summary>A killing of a relative of a member of the security forces.</summary>
    public static Report Relative(string source, string recordId, DateOnly day, string admin1, string perpetrator, int victims = 1) =>
        Homicide(source, recordId, day, admin1, VictimCategory.SecurityForceRelative, victims, perpetrator);

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
