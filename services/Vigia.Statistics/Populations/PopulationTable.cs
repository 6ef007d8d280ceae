using Vigia.Contracts.Selectors;
using Vigia.Statistics.Series;

namespace Vigia.Statistics.Populations;

/// <summary>
/// Inhabitants by place and year, keyed by place code: a country ("SV") for the national total, a
/// department ("SV-SM") otherwise. Which figures ship, and how good they are, is written at the top
/// of Populations/el-salvador-population.csv.
/// </summary>
public sealed class PopulationTable
{
    private readonly Dictionary<string, Dictionary<int, long>> _byPlace;

    public PopulationTable(IEnumerable<PopulationRow> rows, string origin)
    {
        _byPlace = new Dictionary<string, Dictionary<int, long>>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            var place = row.Admin1 ?? row.CountryCode;
            if (!_byPlace.TryGetValue(place, out var years))
            {
                years = [];
                _byPlace[place] = years;
            }

            years[row.Year] = row.Population;
        }

        Origin = origin;
        Countries = [.. rows.Where(r => r.Admin1 is null).Select(r => r.CountryCode).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>Where the figures came from: the embedded file or a configured path.</summary>
    public string Origin { get; }

    /// <summary>The countries with a national total.</summary>
    public IReadOnlyList<string> Countries { get; }

    /// <summary>The population of a country or department in a year; null when the table has none.</summary>
    public long? Of(string placeCode, int year) =>
        _byPlace.TryGetValue(placeCode, out var years) && years.TryGetValue(year, out var population) ? population : null;

    /// <summary>
    /// The places whose inhabitants a selection covers: its departments, else its countries, else
    /// every country the table knows. Null when it names municipalities, which have no figures here.
    /// </summary>
    public IReadOnlyList<string>? PlacesOf(Selection selection) =>
        selection.Admin2.Count > 0 ? null
        : selection.Admin1.Count > 0 ? selection.Admin1
        : selection.Countries.Count > 0 ? selection.Countries
        : Countries;

    /// <summary>The summed population of several places in a year; null when any of them is missing.</summary>
    public long? Of(IReadOnlyList<string> places, int year)
    {
        if (places.Count == 0)
        {
            return null;
        }

        long total = 0;
        foreach (var place in places)
        {
            if (Of(place, year) is not { } population)
            {
                return null;
            }

            total += population;
        }

        return total;
    }

    /// <summary>
    /// How many person-years the places lived through the period (each year's population weighted by
    /// the days of the period that fall in it); null when a year's figure is missing.
    /// </summary>
    public Exposure? ExposureOf(IReadOnlyList<string> places, DatePeriod period)
    {
        double personYears = 0;
        double populationDays = 0;
        for (var year = period.Start.Year; year <= period.End.Year; year++)
        {
            if (Of(places, year) is not { } population)
            {
                return null;
            }

            var first = year == period.Start.Year ? period.Start : new DateOnly(year, 1, 1);
            var last = year == period.End.Year ? period.End : new DateOnly(year, 12, 31);
            var days = last.DayNumber - first.DayNumber + 1;
            personYears += (double)population * days / (DateTime.IsLeapYear(year) ? 366 : 365);
            populationDays += (double)population * days;
        }

        return new Exposure((long)Math.Round(populationDays / period.Days), personYears);
    }

    /// <summary>Says which place and year lack a figure, for an error message.</summary>
    public string DescribeMissing(IReadOnlyList<string>? places, DatePeriod period)
    {
        if (places is null)
        {
            return "no population figures exist for municipalities (admin2); select departments or countries";
        }

        if (places.Count == 0)
        {
            return $"the population table ({Origin}) has no country totals";
        }

        for (var year = period.Start.Year; year <= period.End.Year; year++)
        {
            foreach (var place in places)
            {
                if (Of(place, year) is null)
                {
                    return $"the population table ({Origin}) has no figure for {place} in {year}";
                }
            }
        }

        return "";
    }
}

/// <summary>One line of a population file; Admin1 null for a national total.</summary>
public sealed record PopulationRow(string CountryCode, string? Admin1, int Year, long Population);

/// <summary>The population a rate divides by: the day-weighted average, and the person-years it lived.</summary>
public sealed record Exposure(long AveragePopulation, double PersonYears)
{
    /// <summary>Per 100,000 inhabitants per year (the count over the person-years lived).</summary>
    public double AnnualRatePer100K(double count) => PersonYears > 0 ? count / PersonYears * 100_000 : 0;
}
