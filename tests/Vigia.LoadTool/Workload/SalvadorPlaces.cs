using System.Collections.Frozen;

namespace Vigia.LoadTool.Workload;

public sealed record SalvadorMunicipality(string Code, string DepartmentCode, string Name);

/// <summary>
/// El Salvador's 262 municipalities, read from the gazetteer ingestion resolves places against (linked
/// into this assembly), so every generated place is one ingestion accepts.
/// </summary>
public static class SalvadorPlaces
{
    public const string Country = "SV";

    private const string ResourceName = "Vigia.LoadTool.Gazetteer.csv";

    /// <summary>
    /// Roughly how the violence is spread: San Salvador, La Libertad, Santa Ana, San Miguel and
    /// Sonsonate carry most of it.
    /// </summary>
    private static readonly FrozenDictionary<string, double> s_departmentWeights = new Dictionary<string, double>
    {
        ["SV-AH"] = 3,
        ["SV-CA"] = 1,
        ["SV-CH"] = 1,
        ["SV-CU"] = 3,
        ["SV-LI"] = 8,
        ["SV-MO"] = 1,
        ["SV-PA"] = 3,
        ["SV-SA"] = 6,
        ["SV-SM"] = 5,
        ["SV-SO"] = 4,
        ["SV-SS"] = 14,
        ["SV-SV"] = 2,
        ["SV-UN"] = 3,
        ["SV-US"] = 3,
    }.ToFrozenDictionary();

    private static readonly (FrozenDictionary<string, string> DepartmentNames, SalvadorMunicipality[] Municipalities) s_gazetteer = Load();

    public static IReadOnlyList<SalvadorMunicipality> Municipalities => s_gazetteer.Municipalities;

    public static double DepartmentWeight(string departmentCode) => s_departmentWeights.GetValueOrDefault(departmentCode, 1);

    /// <summary>The department as a desk would write it out, e.g. "Dpto. de San Salvador".</summary>
    public static string DepartmentName(string departmentCode) => $"Dpto. de {s_gazetteer.DepartmentNames[departmentCode]}";

    private static (FrozenDictionary<string, string>, SalvadorMunicipality[]) Load()
    {
        using var stream = typeof(SalvadorPlaces).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var departments = new Dictionary<string, string>(StringComparer.Ordinal);
        var municipalities = new List<SalvadorMunicipality>();
        while (reader.ReadLine() is { } line)
        {
            // level,code,parent,name,aliases
            var cells = line.Split(',');
            if (cells.Length != 5 || cells[0].StartsWith('#'))
            {
                continue;
            }

            if (cells[0] == "admin1" && cells[2] == Country)
            {
                departments[cells[1]] = cells[3];
            }
            else if (cells[0] == "admin2" && cells[2].StartsWith("SV-", StringComparison.Ordinal))
            {
                municipalities.Add(new SalvadorMunicipality(cells[1], cells[2], cells[3]));
            }
        }

        return municipalities.Count > 0
            ? (departments.ToFrozenDictionary(), [.. municipalities])
            : throw new InvalidDataException("The gazetteer lists no municipality of El Salvador.");
    }
}
