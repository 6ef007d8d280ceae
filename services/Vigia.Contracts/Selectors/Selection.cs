using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Places;

namespace Vigia.Contracts.Selectors;

/// <summary>
/// The contract's <see cref="Selector"/> normalised once (see <see cref="SelectorValues"/>): which incidents a
/// query, a watch, a series or a rule covers. An empty list means "all"; a victim category covers the incidents
/// with at least one victim of it. Each service translates it to its own SQL; in memory it is <see cref="Matches"/>.
/// </summary>
public sealed record Selection
{
    public static Selection All { get; } = new();

    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Admin1 { get; init; } = [];
    public IReadOnlyList<string> Admin2 { get; init; } = [];
    public IReadOnlyList<IncidentType> IncidentTypes { get; init; } = [];
    public IReadOnlyList<VictimCategory> VictimCategories { get; init; } = [];
    public IReadOnlyList<string> Perpetrators { get; init; } = [];

    /// <summary>
    /// The admin2 codes an incident may carry to be selected: <see cref="Admin2"/>, plus the districts of any of El
    /// Salvador's 2024 municipalities it names, so series can be asked for in the old geography or the new one.
    /// </summary>
    public IReadOnlyList<string> Admin2Covered => ElSalvadorMunicipalities2024.Covering(Admin2);

    public bool HasPlaceFilter => Countries.Count > 0 || Admin1.Count > 0 || Admin2.Count > 0;

    /// <summary>
    /// The selector as given, normalised: blank codes and unspecified enums are dropped, duplicates kept once.
    /// Checking a caller's selector (and naming its bad fields) is the request checks' job, before this.
    /// </summary>
    public static Selection From(Selector? selector) =>
        selector is null
            ? All
            : new Selection
            {
                Countries = Codes(selector.CountryCodes),
                Admin1 = Codes(selector.Admin1),
                Admin2 = Codes(selector.Admin2),
                IncidentTypes = [.. selector.IncidentTypes.Where(t => t != IncidentType.Unspecified).Distinct()],
                VictimCategories = [.. selector.VictimCategories.Where(c => c != VictimCategory.Unspecified).Distinct()],
                Perpetrators = [.. selector.Perpetrators.Select(SelectorValues.Perpetrator).Where(p => p.Length > 0).Distinct()],
            };

    /// <summary>
    /// The smallest selection of this shape that covers every one of <paramref name="parts"/> (each inside
    /// <paramref name="within"/>): field by field the union of their values, or <paramref name="within"/>'s own
    /// where a part leaves the field open. One query for the union reads every part's incidents.
    /// </summary>
    public static Selection Union(Selection within, IEnumerable<Selection> parts)
    {
        var list = parts.ToList();
        return list.Count == 0
            ? within
            : new Selection
            {
                Countries = Union(within.Countries, list.Select(p => p.Countries)),
                Admin1 = Union(within.Admin1, list.Select(p => p.Admin1)),
                Admin2 = Union(within.Admin2, list.Select(p => p.Admin2)),
                IncidentTypes = Union(within.IncidentTypes, list.Select(p => p.IncidentTypes)),
                VictimCategories = Union(within.VictimCategories, list.Select(p => p.VictimCategories)),
                Perpetrators = Union(within.Perpetrators, list.Select(p => p.Perpetrators)),
            };
    }

    public Selector ToSelector()
    {
        var selector = new Selector();
        selector.CountryCodes.AddRange(Countries);
        selector.Admin1.AddRange(Admin1);
        selector.Admin2.AddRange(Admin2);
        selector.IncidentTypes.AddRange(IncidentTypes);
        selector.VictimCategories.AddRange(VictimCategories);
        selector.Perpetrators.AddRange(Perpetrators);
        return selector;
    }

    public bool Matches(IncidentSnapshot incident) =>
        AnyOrContains(Countries, SelectorValues.PlaceCode(incident.CountryCode))
        && AnyOrContains(Admin1, SelectorValues.PlaceCode(incident.Admin1))
        && AnyOrContains(Admin2Covered, SelectorValues.PlaceCode(incident.Admin2))
        && (IncidentTypes.Count == 0 || IncidentTypes.Contains(incident.IncidentType))
        && (VictimCategories.Count == 0 || incident.Victims.Any(v => v.Count > 0 && VictimCategories.Contains(v.Category)))
        && (Perpetrators.Count == 0 || Perpetrators.Contains(SelectorValues.Perpetrator(incident.Perpetrator)));

    /// <summary>
    /// Whether every incident of this selection is inside <paramref name="filter"/>: each field the filter
    /// restricts, this selection must restrict to values the filter allows. A nationwide series is not inside a
    /// filter for one department.
    /// </summary>
    public bool IsWithin(Selection filter) =>
        Within(Countries, filter.Countries)
        && Within(Admin1, filter.Admin1)
        && Within(Admin2, filter.Admin2)
        && Within(IncidentTypes, filter.IncidentTypes)
        && Within(VictimCategories, filter.VictimCategories)
        && Within(Perpetrators, filter.Perpetrators);

    private static T[] Union<T>(IReadOnlyList<T> within, IEnumerable<IReadOnlyList<T>> parts)
    {
        var values = new List<T>();
        foreach (var part in parts)
        {
            if (part.Count == 0)
            {
                return [.. within];
            }

            values.AddRange(part.Where(v => !values.Contains(v)));
        }

        return [.. values];
    }

    private static string[] Codes(IEnumerable<string> codes) =>
        [.. codes.Select(SelectorValues.PlaceCode).OfType<string>().Distinct(StringComparer.Ordinal)];

    private static bool AnyOrContains(IReadOnlyList<string> allowed, string? value) =>
        allowed.Count == 0 || (value is not null && allowed.Contains(value, StringComparer.Ordinal));

    private static bool Within<T>(IReadOnlyList<T> series, IReadOnlyList<T> filter) =>
        filter.Count == 0 || (series.Count > 0 && series.All(filter.Contains));
}
