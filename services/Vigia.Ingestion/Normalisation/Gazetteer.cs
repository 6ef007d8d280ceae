using System.Collections.Frozen;
using Vigia.Contracts.Places;

namespace Vigia.Ingestion.Normalisation;

public sealed record Country(string Code, string Name);

public sealed record Department(string Code, string CountryCode, string Name);

public sealed record Municipality(string Code, string DepartmentCode, string Name);

/// <summary>
/// The countries, departments and municipalities ingestion knows, by code and by every spelling it
/// accepts. Loaded once from the embedded Gazetteer.csv and one Gazetteer.XX.csv per country added since,
/// each with a header that says what it holds and where the codes come from.
/// </summary>
public sealed class Gazetteer
{
    private const string ResourcePrefix = "Vigia.Ingestion.Gazetteer.";

    private readonly FrozenDictionary<string, Country> _countriesByKey;
    private readonly FrozenDictionary<string, Department> _departmentsByCode;
    private readonly FrozenDictionary<(string Country, string Key), Department> _departmentsByName;
    private readonly FrozenDictionary<string, Municipality> _municipalitiesByCode;
    private readonly FrozenDictionary<(string Department, string Key), Municipality> _municipalitiesByName;
    private readonly FrozenDictionary<(string Country, string Key), Municipality[]> _municipalitiesByCountryAndName;
    private readonly FrozenSet<string> _countriesWithMunicipalities;

    private Gazetteer(IEnumerable<GazetteerRow> rows)
    {
        var countries = new Dictionary<string, Country>(StringComparer.Ordinal);
        var departmentsByCode = new Dictionary<string, Department>(StringComparer.OrdinalIgnoreCase);
        var departmentsByName = new Dictionary<(string, string), Department>();
        var municipalitiesByCode = new Dictionary<string, Municipality>(StringComparer.Ordinal);
        var municipalitiesByName = new Dictionary<(string, string), Municipality>();
        var byCountryAndName = new Dictionary<(string, string), List<Municipality>>();

        foreach (var row in rows)
        {
            switch (row.Level)
            {
                case "country":
                    var country = new Country(row.Code, row.Name);
                    foreach (var spelling in row.Spellings)
                    {
                        countries[TextKey.Fold(spelling)] = country;
                    }

                    break;
                case "admin1":
                    var department = new Department(row.Code, row.Parent, row.Name);
                    departmentsByCode[row.Code] = department;
                    foreach (var spelling in row.Spellings)
                    {
                        // Former codes (GT-GU) are listed as aliases and looked up as codes.
                        if (LooksLikeSubdivisionCode(spelling))
                        {
                            departmentsByCode[spelling] = department;
                        }
                        else
                        {
                            departmentsByName[(row.Parent, PlaceNames.DepartmentKey(spelling))] = department;
                        }
                    }

                    break;
                case "admin2":
                    var municipality = new Municipality(row.Code, row.Parent, row.Name);
                    var countryCode = row.Parent[..2];
                    municipalitiesByCode[row.Code] = municipality;
                    foreach (var key in row.Spellings.Select(PlaceNames.MunicipalityKey).Distinct())
                    {
                        municipalitiesByName[(row.Parent, key)] = municipality;
                        if (!byCountryAndName.TryGetValue((countryCode, key), out var list))
                        {
                            byCountryAndName[(countryCode, key)] = list = [];
                        }

                        list.Add(municipality);
                    }

                    break;
                default:
                    throw new InvalidDataException($"Unknown gazetteer level '{row.Level}'.");
            }
        }

        _countriesByKey = countries.ToFrozenDictionary();
        _departmentsByCode = departmentsByCode.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _departmentsByName = departmentsByName.ToFrozenDictionary();
        _municipalitiesByCode = municipalitiesByCode.ToFrozenDictionary();
        _municipalitiesByName = municipalitiesByName.ToFrozenDictionary();
        _municipalitiesByCountryAndName = byCountryAndName.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray());
        _countriesWithMunicipalities = municipalitiesByCode.Values.Select(m => m.DepartmentCode[..2]).ToFrozenSet();
        Departments = [.. departmentsByCode.Values.Distinct()];
        Municipalities = [.. municipalitiesByCode.Values];
    }

    public IReadOnlyList<Department> Departments { get; }

    public IReadOnlyList<Municipality> Municipalities { get; }

    /// <summary>
    /// Reads the gazetteer shipped inside this assembly: every embedded Gazetteer*.csv, and El Salvador's 44 municipalities
    /// since the 2024 reform (<see cref="ElSalvadorMunicipalities2024"/>), beside the 262 former ones, now districts, so
    /// both resolve, by name or by code.
    /// </summary>
    public static Gazetteer LoadEmbedded()
    {
        var assembly = typeof(Gazetteer).Assembly;
        var rows = new List<GazetteerRow>();
        foreach (var name in assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".csv", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            rows.AddRange(ReadRows(reader));
        }

        rows.AddRange(ElSalvadorMunicipalities2024.All.Select(m => new GazetteerRow("admin2", m.Code, m.DepartmentCode, m.Name, [m.Code, m.Name])));
        return rows.Count > 0 ? new Gazetteer(rows) : throw new InvalidOperationException($"No embedded resource {ResourcePrefix}*.csv.");
    }

    public static Gazetteer Parse(TextReader reader) => new(ReadRows(reader));

    private static List<GazetteerRow> ReadRows(TextReader reader) =>
    [
        .. PlaceDataFile.Rows(reader, 5).Select(cells =>
        {
            var aliases = cells[4].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new GazetteerRow(cells[0], cells[1], cells[2], cells[3], [cells[1], cells[3], .. aliases]);
        }),
    ];

    /// <summary>A country by its alpha-2 or alpha-3 code or by name.</summary>
    public Country? FindCountry(string text) => _countriesByKey.GetValueOrDefault(TextKey.Fold(text));

    public Department? FindDepartmentByCode(string code) => _departmentsByCode.GetValueOrDefault(code.Trim());

    public Department? FindDepartmentByName(string countryCode, string name) =>
        _departmentsByName.GetValueOrDefault((countryCode, PlaceNames.DepartmentKey(name)));

    public Municipality? FindMunicipalityByCode(string code) => _municipalitiesByCode.GetValueOrDefault(code);

    public Municipality? FindMunicipalityByName(string departmentCode, string name) =>
        _municipalitiesByName.GetValueOrDefault((departmentCode, PlaceNames.MunicipalityKey(name)));

    /// <summary>Every municipality of the country with that name (several when departments share one, like "El Rosario").</summary>
    public IReadOnlyList<Municipality> FindMunicipalitiesByName(string countryCode, string name) =>
        _municipalitiesByCountryAndName.GetValueOrDefault((countryCode, PlaceNames.MunicipalityKey(name))) ?? [];

    /// <summary>Whether the gazetteer lists this country's municipalities (only El Salvador's so far).</summary>
    public bool HasMunicipalities(string countryCode) => _countriesWithMunicipalities.Contains(countryCode);

    public Department GetDepartment(string code) => _departmentsByCode[code];

    internal static bool LooksLikeSubdivisionCode(string text) =>
        text.Length is >= 4 and <= 6 && char.IsAsciiLetter(text[0]) && char.IsAsciiLetter(text[1]) && text[2] == '-'
        && text[3..].All(char.IsAsciiLetterOrDigit);

    private sealed record GazetteerRow(string Level, string Code, string Parent, string Name, string[] Spellings);
}
