using Vigia.Common.V1;
using Vigia.Contracts.Messages;

namespace Vigia.Alerting.Evaluation;

/// <summary>One series of a rule: its key ("SV", "SV-SM", "homicide"; "all" without grouping) and its selector.</summary>
public sealed record SeriesKey(string Key, Selector Series)
{
    public const string All = "all";

    /// <summary>
    /// The series of <paramref name="ruleSelector"/> grouped by <paramref name="groupBy"/> that
    /// <paramref name="incident"/> counts in: one, or one per victim category when grouping by category,
    /// or none when the incident lacks the grouped field (no department, say).
    /// </summary>
    public static IEnumerable<SeriesKey> Of(Selector ruleSelector, GroupBy groupBy, IncidentSnapshot incident)
    {
        switch (groupBy)
        {
            case GroupBy.Country:
                var country = incident.CountryCode.ToUpperInvariant();
                yield return new SeriesKey(country, Narrow(ruleSelector, s => Set(s.CountryCodes, country)));
                break;
            case GroupBy.Admin1 when !string.IsNullOrEmpty(incident.Admin1):
                yield return new SeriesKey(incident.Admin1, Narrow(ruleSelector, s =>
                {
                    Set(s.CountryCodes, incident.CountryCode.ToUpperInvariant());
                    Set(s.Admin1, incident.Admin1);
                }));
                break;
            case GroupBy.Admin2 when !string.IsNullOrEmpty(incident.Admin2):
                yield return new SeriesKey(incident.Admin2, Narrow(ruleSelector, s =>
                {
                    Set(s.CountryCodes, incident.CountryCode.ToUpperInvariant());
                    if (!string.IsNullOrEmpty(incident.Admin1))
                    {
                        Set(s.Admin1, incident.Admin1);
                    }

                    Set(s.Admin2, incident.Admin2);
                }));
                break;
            case GroupBy.IncidentType:
                yield return new SeriesKey(EnumNames.Of(incident.IncidentType), Narrow(ruleSelector, s =>
                {
                    s.IncidentTypes.Clear();
                    s.IncidentTypes.Add(incident.IncidentType);
                }));
                break;
            case GroupBy.VictimCategory:
                var categories = incident.Victims
                    .Where(v => v.Count > 0 && (ruleSelector.VictimCategories.Count == 0 || ruleSelector.VictimCategories.Contains(v.Category)))
                    .Select(v => v.Category)
                    .Distinct();
                foreach (var category in categories)
                {
                    yield return new SeriesKey(EnumNames.Of(category), Narrow(ruleSelector, s =>
                    {
                        s.VictimCategories.Clear();
                        s.VictimCategories.Add(category);
                    }));
                }

                break;
            case GroupBy.Perpetrator when !string.IsNullOrEmpty(incident.Perpetrator):
                yield return new SeriesKey(incident.Perpetrator, Narrow(ruleSelector, s => Set(s.Perpetrators, incident.Perpetrator)));
                break;
            case GroupBy.Unspecified or GroupBy.None:
                yield return new SeriesKey(All, ruleSelector.Clone());
                break;
        }
    }

    private static Selector Narrow(Selector ruleSelector, Action<Selector> narrow)
    {
        var series = ruleSelector.Clone();
        narrow(series);
        return series;
    }

    private static void Set(Google.Protobuf.Collections.RepeatedField<string> field, string value)
    {
        field.Clear();
        field.Add(value);
    }
}
