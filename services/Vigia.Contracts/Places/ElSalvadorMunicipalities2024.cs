using System.Collections.Frozen;

namespace Vigia.Contracts.Places;

/// <summary>One of El Salvador's 44 municipalities since the 2024 reform, with the districts (former municipalities) it groups.</summary>
public sealed record ReformedMunicipality(string Code, string DepartmentCode, string Name, IReadOnlyList<string> Districts);

/// <summary>
/// El Salvador's 2024 municipal reform, read once from the embedded sv-municipalities-2024.csv (its README gives the
/// source): the 262 former municipalities, whose DIGESTYC codes stay in use as districts, grouped into 44 municipalities.
/// Incidents keep the place their source gave (a district, or a new municipality when that is all it says), so a
/// question asked in the new geography covers a new municipality and its districts (<see cref="Covering"/>).
/// </summary>
public static class ElSalvadorMunicipalities2024
{
    private const string Resource = "Vigia.Contracts.Places.sv-municipalities-2024.csv";

    private static readonly FrozenDictionary<string, ReformedMunicipality> s_byCode;
    private static readonly FrozenDictionary<string, ReformedMunicipality> s_byDistrict;

    static ElSalvadorMunicipalities2024()
    {
        All = Load();
        s_byCode = All.ToFrozenDictionary(m => m.Code, StringComparer.Ordinal);
        s_byDistrict = All.SelectMany(m => m.Districts.Select(d => (District: d, Municipality: m)))
            .ToFrozenDictionary(p => p.District, p => p.Municipality, StringComparer.Ordinal);
    }

    public static IReadOnlyList<ReformedMunicipality> All { get; }

    public static ReformedMunicipality? Find(string code) => s_byCode.GetValueOrDefault(code);

    /// <summary>The new municipality a district (a former municipality's DIGESTYC code) belongs to.</summary>
    public static ReformedMunicipality? OfDistrict(string districtCode) => s_byDistrict.GetValueOrDefault(districtCode);

    /// <summary>
    /// The admin2 codes an incident may carry to be inside <paramref name="codes"/>: each code itself and, for a new
    /// municipality, the codes of its districts. The list itself when it names no new municipality.
    /// </summary>
    public static IReadOnlyList<string> Covering(IReadOnlyList<string> codes)
    {
        // A loop, not Any over a method group: a selection checks incidents one by one (a rule, every incident of a
        // batch), and most name no new municipality, which then costs no allocation at all.
        for (var i = 0; i < codes.Count; i++)
        {
            if (s_byCode.ContainsKey(codes[i]))
            {
                return [.. codes.SelectMany(c => s_byCode.TryGetValue(c, out var m) ? [c, .. m.Districts] : new[] { c }).Distinct(StringComparer.Ordinal)];
            }
        }

        return codes;
    }

    private static List<ReformedMunicipality> Load()
    {
        using var stream = typeof(ElSalvadorMunicipalities2024).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"No embedded resource {Resource}.");
        using var reader = new StreamReader(stream);
        var municipalities = PlaceDataFile.Rows(reader, 4)
            .Select(cells => new ReformedMunicipality(cells[0], cells[1], cells[2], cells[3].Split('|')))
            .ToList();
        return municipalities;
    }
}
