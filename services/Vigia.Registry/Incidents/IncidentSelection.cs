using Vigia.Common.V1;

namespace Vigia.Registry.Incidents;

/// <summary>
/// Which incidents a query or a watch covers (the contract's Selector); an empty list means "all".
/// The same rule runs in SQL (<see cref="Apply"/>) and in memory (<see cref="Matches"/>).
/// </summary>
public sealed record IncidentSelection
{
    public IReadOnlyList<string> CountryCodes { get; init; } = [];
    public IReadOnlyList<string> Admin1 { get; init; } = [];
    public IReadOnlyList<string> Admin2 { get; init; } = [];
    public IReadOnlyList<IncidentType> IncidentTypes { get; init; } = [];

    /// <summary>Incidents with at least one victim of one of these categories.</summary>
    public IReadOnlyList<VictimCategory> VictimCategories { get; init; } = [];

    public IReadOnlyList<string> Perpetrators { get; init; } = [];

    public static IncidentSelection All { get; } = new();

    public IQueryable<Incident> Apply(IQueryable<Incident> incidents)
    {
        if (CountryCodes.Count > 0)
        {
            var countries = CountryCodes.ToList();
            incidents = incidents.Where(i => countries.Contains(i.CountryCode));
        }

        if (Admin1.Count > 0)
        {
            var admin1 = Admin1.ToList();
            incidents = incidents.Where(i => i.Admin1 != null && admin1.Contains(i.Admin1));
        }

        if (Admin2.Count > 0)
        {
            var admin2 = Admin2.ToList();
            incidents = incidents.Where(i => i.Admin2 != null && admin2.Contains(i.Admin2));
        }

        if (IncidentTypes.Count > 0)
        {
            var types = IncidentTypes.ToList();
            incidents = incidents.Where(i => types.Contains(i.IncidentType));
        }

        if (VictimCategories.Count > 0)
        {
            var categories = VictimCategories.ToList();
            incidents = incidents.Where(i => i.Victims.Any(v => v.Count > 0 && categories.Contains(v.Category)));
        }

        if (Perpetrators.Count > 0)
        {
            var perpetrators = Perpetrators.ToList();
            incidents = incidents.Where(i => perpetrators.Contains(i.Perpetrator));
        }

        return incidents;
    }

    public bool Matches(Incident incident) =>
        (CountryCodes.Count == 0 || CountryCodes.Contains(incident.CountryCode))
        && (Admin1.Count == 0 || incident.Admin1 is not null && Admin1.Contains(incident.Admin1))
        && (Admin2.Count == 0 || incident.Admin2 is not null && Admin2.Contains(incident.Admin2))
        && (IncidentTypes.Count == 0 || IncidentTypes.Contains(incident.IncidentType))
        && (VictimCategories.Count == 0 || incident.Victims.Any(v => v.Count > 0 && VictimCategories.Contains(v.Category)))
        && (Perpetrators.Count == 0 || Perpetrators.Contains(incident.Perpetrator));
}
