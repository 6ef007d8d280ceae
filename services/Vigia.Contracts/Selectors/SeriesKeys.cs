using Vigia.Common.V1;
using Vigia.Contracts.Messages;

namespace Vigia.Contracts.Selectors;

/// <summary>One series of a grouped selection: its key and the selection it covers.</summary>
public sealed record SeriesOfGroup(string Key, Selection Selection);

/// <summary>
/// How a series is named and what it covers. Keys are "all" without grouping, place codes, enum values as
/// <see cref="EnumNames"/> spells them, perpetrators as <see cref="SelectorValues"/> compares them, and "unknown" for
/// incidents without the grouped field. Statistics names the series it returns with these keys and alerting the
/// series it judges, so the two always agree.
/// </summary>
public static class SeriesKeys
{
    public const string All = "all";

    /// <summary>The key of a group with no value (an incident without a department, say).</summary>
    public const string Unknown = "unknown";

    public static string Of(IncidentType type) => EnumNames.Of(type);

    public static string Of(VictimCategory category) => EnumNames.Of(category);

    public static string OfText(string? value) => string.IsNullOrEmpty(value) ? Unknown : value;

    /// <summary>
    /// The series of <paramref name="selection"/> grouped by <paramref name="groupBy"/> that <paramref name="incident"/>
    /// counts in: one, or one per victim category when grouping by category, or none when the incident lacks the
    /// grouped field (no department, say). The incident's country (and department) narrow place series too.
    /// </summary>
    public static IEnumerable<SeriesOfGroup> SeriesOf(Selection selection, GroupBy groupBy, IncidentSnapshot incident)
    {
        var country = SelectorValues.PlaceCode(incident.CountryCode);
        var admin1 = SelectorValues.PlaceCode(incident.Admin1);
        var admin2 = SelectorValues.PlaceCode(incident.Admin2);
        switch (groupBy)
        {
            case GroupBy.Country when country is not null:
                yield return Group(selection, groupBy, country);
                break;
            case GroupBy.Admin1 when admin1 is not null:
                yield return Group(selection, groupBy, admin1, country);
                break;
            case GroupBy.Admin2 when admin2 is not null:
                yield return Group(selection, groupBy, admin2, country, admin1);
                break;
            case GroupBy.IncidentType:
                yield return Group(selection, groupBy, Of(incident.IncidentType));
                break;
            case GroupBy.VictimCategory:
                var categories = incident.Victims
                    .Where(v => v.Count > 0 && (selection.VictimCategories.Count == 0 || selection.VictimCategories.Contains(v.Category)))
                    .Select(v => v.Category)
                    .Distinct();
                foreach (var category in categories)
                {
                    yield return Group(selection, groupBy, Of(category));
                }

                break;
            case GroupBy.Perpetrator when SelectorValues.Perpetrator(incident.Perpetrator) is { Length: > 0 } perpetrator:
                yield return Group(selection, groupBy, perpetrator);
                break;
            case GroupBy.Unspecified or GroupBy.None:
                yield return new SeriesOfGroup(All, selection);
                break;
        }
    }

    /// <summary>
    /// The series of key <paramref name="key"/> within <paramref name="selection"/> grouped by <paramref name="groupBy"/>.
    /// A place series is narrowed to its country (and department) when they are known, or when the key is an
    /// ISO 3166-2 code that names its country ("SV-SM"). "all" and "unknown" are the selection itself.
    /// </summary>
    public static SeriesOfGroup Group(Selection selection, GroupBy groupBy, string key, string? country = null, string? admin1 = null)
    {
        if (key is All or Unknown)
        {
            return new SeriesOfGroup(key, selection);
        }

        country ??= key.Length > 3 && key[2] == '-' && groupBy == GroupBy.Admin1 ? key[..2] : null;
        var narrowed = groupBy switch
        {
            GroupBy.Country => selection with { Countries = [key] },
            GroupBy.Admin1 => selection with { Countries = country is null ? selection.Countries : [country], Admin1 = [key] },
            GroupBy.Admin2 => selection with
            {
                Countries = country is null ? selection.Countries : [country],
                Admin1 = admin1 is null ? selection.Admin1 : [admin1],
                Admin2 = [key],
            },
            GroupBy.IncidentType => selection with { IncidentTypes = [.. Enum.GetValues<IncidentType>().Where(t => t != IncidentType.Unspecified && Of(t) == key)] },
            GroupBy.VictimCategory => selection with { VictimCategories = [.. Enum.GetValues<VictimCategory>().Where(c => c != VictimCategory.Unspecified && Of(c) == key)] },
            GroupBy.Perpetrator => selection with { Perpetrators = [key] },
            _ => selection,
        };
        return new SeriesOfGroup(key, narrowed);
    }
}
