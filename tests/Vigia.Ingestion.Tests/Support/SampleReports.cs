using Vigia.Common.V1;
using Vigia.Ingestion.V1;

namespace Vigia.Ingestion.Tests.Support;

/// <summary>Reports shaped like the seeds' facts: June 2017, San Salvador, relatives of security forces.</summary>
public static class SampleReports
{
    public static Report Homicide(string sourceRecordId, string source = "pnc-bulletin") => new()
    {
        Source = source,
        SourceRecordId = sourceRecordId,
        Url = "https://example.org/bulletins/2017-06-11",
        OccurredOn = new Google.Type.Date { Year = 2017, Month = 6, Day = 11 },
        Place = new Place { CountryCode = "SV", Admin1 = "San Salvador", Admin2 = "Soyapango" },
        IncidentType = IncidentType.Homicide,
        Victims = { new Victims { Category = VictimCategory.SecurityForceRelative, Count = 1 } },
        Perpetrator = "MS-13",
        Description = "Familiar de agente de la PNC asesinado en Soyapango.",
        Language = "es",
    };

    /// <summary>Wrong on four counts: no date, an unknown department, a victim count of zero, no incident type.</summary>
    public static Report Invalid(string sourceRecordId, string source = "pnc-bulletin")
    {
        var report = Homicide(sourceRecordId, source);
        report.OccurredOn = null;
        report.Place = new Place { CountryCode = "SV", Admin1 = "Xyz" };
        report.IncidentType = IncidentType.Unspecified;
        report.Victims.Add(new Victims { Category = VictimCategory.Civilian, Count = 0 });
        return report;
    }
}
