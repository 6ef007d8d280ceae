namespace Vigia.Registry.Incidents;

/// <summary>The fields an amendment replaces (the paths of its field mask).</summary>
[Flags]
public enum AmendedFields
{
    None = 0,
    OccurredOn = 1 << 0,
    DatePrecision = 1 << 1,
    CountryCode = 1 << 2,
    Admin1 = 1 << 3,
    Admin2 = 1 << 4,
    IncidentType = 1 << 5,
    Victims = 1 << 6,
    Perpetrator = 1 << 7,
    Description = 1 << 8,
    Place = CountryCode | Admin1 | Admin2,
}
