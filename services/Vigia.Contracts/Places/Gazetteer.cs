using System.Collections.Frozen;
using Vigia.Contracts.Text;

namespace Vigia.Contracts.Places;

public sealed record Country(string Code, string Name);

public sealed record Department(string Code, string CountryCode, string Name);

public sealed record Municipality(string Code, string DepartmentCode, string Name)
{
    public string CountryCode => DepartmentCode[..2];
}

/// <summary>
/// The countries, departments and municipalities the platform knows, by code and by every spelling it accepts: one
/// list for every way in (ingestion's reports, the registry's amendments). Loaded from the embedded Gazetteer.csv and
/// one Gazetteer.XX.csv per country added since, each with a header that says what it holds; README.md beside them
/// gives each list's official source.
/// </summary>
public sealed class Gazetteer
{
    private const string ResourcePrefix = "Vigia.Contracts.Places.Gazetteer.";

    private readonly FrozenDictionary<string, Country> _countriesByKey;
    private readonly FrozenDictionary<string, Department> _departmentsByCode;
    private readonly FrozenDictionary<(string Country, string Key), Department> _departmentsByName;
    private readonly FrozenDictionary<string, Municipality> _municipalitiesByCode;
    private readonly FrozenDictionary<(string Department, string Key), Municipality> _municipalitiesByName;
    private readonly FrozenDictionary<(string Country, string Key), Municipality[]> _municipalitiesByCountryAndName;
    private readonly FrozenDictionary<string, int> _municipalityCodeWidths;
    private readonly FrozenDictionary<string, int> _municipalitiesPerDepartment;

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
                    var countryCode = municipality.CountryCode;
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
        // Reform codes (06M01) aside, a country's municipality codes are all digits and all as wide (DIGESTYC 4, DANE 5).
        _municipalityCodeWidths = municipalitiesByCode.Values.GroupBy(m => m.CountryCode)
            .ToFrozenDictionary(g => g.Key, g => g.Where(m => m.Code.All(char.IsAsciiDigit)).Select(m => m.Code.Length).DefaultIfEmpty(0).Max());
        _municipalitiesPerDepartment = municipalitiesByCode.Values.CountBy(m => m.DepartmentCode).ToFrozenDictionary();
        Countries = [.. countries.Values.Distinct()];
        Departments = [.. departmentsByCode.Values.Distinct()];
        Municipalities = [.. municipalitiesByCode.Values];
    }

    public IReadOnlyList<Country> Countries { get; }

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

    /// <summary>
    /// A municipality of the country by its code, also when a spreadsheet dropped its leading zeros (DIGESTYC's 614 is
    /// 0614, DANE's 5001 is 05001); null for a code of another country.
    /// </summary>
    public Municipality? FindMunicipalityByCode(string countryCode, string code)
    {
        var width = _municipalityCodeWidths.GetValueOrDefault(countryCode);
        var found = FindMunicipalityByCode(code)
            ?? (code.Length < width && code.All(char.IsAsciiDigit) ? FindMunicipalityByCode(code.PadLeft(width, '0')) : null);
        return found?.CountryCode == countryCode ? found : null;
    }

    public Municipality? FindMunicipalityByName(string departmentCode, string name) =>
        _municipalitiesByName.GetValueOrDefault((departmentCode, PlaceNames.MunicipalityKey(name)));

    /// <summary>Every municipality of the country with that name (several when departments share one, like "El Rosario").</summary>
    public IReadOnlyList<Municipality> FindMunicipalitiesByName(string countryCode, string name) =>
        _municipalitiesByCountryAndName.GetValueOrDefault((countryCode, PlaceNames.MunicipalityKey(name))) ?? [];

    /// <summary>Whether the gazetteer lists this country's municipalities.</summary>
    public bool HasMunicipalities(string countryCode) => _municipalityCodeWidths.ContainsKey(countryCode);

    /// <summary>
    /// Whether the municipality is its department's only one, as a capital district is (Bogotá D.C. is both CO-DC and
    /// municipality 11001): naming it names its department, whatever department a source files it under.
    /// </summary>
    public bool IsWholeDepartment(Municipality municipality) =>
        _municipalitiesPerDepartment.GetValueOrDefault(municipality.DepartmentCode) == 1;

    public Department GetDepartment(string code) => _departmentsByCode[code];

    /// <summary>Whether the text has the shape of an ISO 3166-2 subdivision code ("SV-SM", "CO-ANT", "GT-01").</summary>
    public static bool LooksLikeSubdivisionCode(string text) =>
        text.Length is >= 4 and <= 6 && char.IsAsciiLetter(text[0]) && char.IsAsciiLetter(text[1]) && text[2] == '-'
        && text[3..].All(char.IsAsciiLetterOrDigit);

    private sealed record GazetteerRow(string Level, string Code, string Parent, string Name, string[] Spellings);
}
