using Vigia.Contracts.Selectors;
using Vigia.Registry.Incidents;

namespace Vigia.Registry.Data;

/// <summary>The registry's translation of a <see cref="Selection"/> to SQL; in memory it is <see cref="Selection.Matches"/>.</summary>
public static class IncidentSelectionQuery
{
    public static IQueryable<Incident> Where(this IQueryable<Incident> incidents, Selection selection)
    {
        if (selection.Countries.Count > 0)
        {
            var countries = selection.Countries.ToList();
            incidents = incidents.Where(i => countries.Contains(i.CountryCode));
        }

        if (selection.Admin1.Count > 0)
        {
            var admin1 = selection.Admin1.ToList();
            incidents = incidents.Where(i => i.Admin1 != null && admin1.Contains(i.Admin1));
        }

        if (selection.Admin2.Count > 0)
        {
            var admin2 = selection.Admin2Covered.ToList();
            incidents = incidents.Where(i => i.Admin2 != null && admin2.Contains(i.Admin2));
        }

        if (selection.IncidentTypes.Count > 0)
        {
            var types = selection.IncidentTypes.ToList();
            incidents = incidents.Where(i => types.Contains(i.IncidentType));
        }

        if (selection.VictimCategories.Count > 0)
        {
            var categories = selection.VictimCategories.ToList();
            incidents = incidents.Where(i => i.Victims.Any(v => v.Count > 0 && categories.Contains(v.Category)));
        }

        if (selection.Perpetrators.Count > 0)
        {
            // Perpetrators are stored as the source spelled them; selections compare them lower-case.
            var perpetrators = selection.Perpetrators.ToList();
#pragma warning disable CA1304, CA1311 // Runs as SQL lower(), where no .NET culture applies.
            incidents = incidents.Where(i => perpetrators.Contains(i.Perpetrator.ToLower()));
#pragma warning restore CA1304, CA1311
        }

        return incidents;
    }
}
