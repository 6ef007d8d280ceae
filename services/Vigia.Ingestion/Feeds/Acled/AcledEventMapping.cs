using System.Globalization;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>
/// An ACLED event as a report of source "acled" under its event_id_cnty; docs/intake.md has the table. Events that are not
/// violence against people (protests, strategic developments, peaceful or violent demonstrations without deaths) are
/// not reports.
/// </summary>
public static class AcledEventMapping
{
    public const string Source = "acled";

    public static Report? ToReport(AcledEvent e)
    {
        var fatalities = int.TryParse(e.Fatalities, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var type = IncidentTypeOf(e.EventType, e.SubEventType, fatalities);
        if (type is null)
        {
            return null;
        }

        var report = new Report
        {
            Source = Source,
            SourceRecordId = e.EventIdCnty,
            OccurredOn = DateOf(e.EventDate),
            DatePrecision = e.TimePrecision switch
            {
                "2" => DatePrecision.Week,
                "3" => DatePrecision.Month,
                _ => DatePrecision.Day,
            },
            Place = new Place { CountryCode = e.Country, Admin1 = e.Admin1, Admin2 = e.Admin2 },
            IncidentType = type.Value,
            Perpetrator = e.Actor1,
            Description = e.Notes,
            Language = "en",
        };
        if (fatalities > 0)
        {
            var category = e.EventType == "Violence against civilians" ? VictimCategory.Civilian : VictimCategory.Unknown;
            report.Victims.Add(new Victims { Category = category, Count = fatalities });
        }

        return report;
    }

    private static IncidentType? IncidentTypeOf(string eventType, string subEventType, int fatalities) => (eventType, subEventType) switch
    {
        ("Battles", _) => IncidentType.ArmedConfrontation,
        ("Violence against civilians", "Abduction/forced disappearance") => IncidentType.Disappearance,
        ("Violence against civilians" or "Explosions/Remote violence", _) => fatalities > 0 ? IncidentType.Homicide : IncidentType.Attack,
        ("Riots", "Mob violence") => fatalities > 0 ? IncidentType.Homicide : IncidentType.Attack,
        ("Riots", _) when fatalities > 0 => IncidentType.Homicide,
        _ => null,
    };

    /// <summary>ACLED dates are yyyy-MM-dd; anything else goes through as an empty date for ingestion to reject with its reason.</summary>
    private static Google.Type.Date DateOf(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day }
            : new Google.Type.Date();
}
