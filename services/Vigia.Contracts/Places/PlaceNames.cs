using Vigia.Contracts.Text;

namespace Vigia.Contracts.Places;

/// <summary>
/// Matching keys for place names: sources write "Dpto. de San Miguel", "Departamento de La Unión",
/// "Department of Usulutan" or "Municipio de Soyapango"; the words that only say what kind of place
/// it is are dropped before the name is compared.
/// </summary>
public static class PlaceNames
{
    private static readonly string[] s_departmentPrefixes =
    [
        "departamento del ", "departamento de ", "department of the ", "department of ", "depto de ", "dpto de ",
        "dept of ", "departamento ", "department ", "depto ", "dpto ", "dept ",
    ];

    private static readonly string[] s_departmentSuffixes = [" department", " departamento", " dept"];

    private static readonly string[] s_municipalityPrefixes =
    [
        "municipio de ", "municipality of ", "municipalidad de ", "city of ", "ciudad de ", "municipio ", "municipality ",
    ];

    private static readonly string[] s_municipalitySuffixes = [" municipality", " municipio"];

    public static string DepartmentKey(string? name) => Strip(TextKey.Fold(name), s_departmentPrefixes, s_departmentSuffixes);

    public static string MunicipalityKey(string? name) => Strip(TextKey.Fold(name), s_municipalityPrefixes, s_municipalitySuffixes);

    private static string Strip(string key, string[] prefixes, string[] suffixes)
    {
        foreach (var prefix in prefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length)
            {
                key = key[prefix.Length..];
                break;
            }
        }

        foreach (var suffix in suffixes)
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal) && key.Length > suffix.Length)
            {
                key = key[..^suffix.Length];
                break;
            }
        }

        return key;
    }
}
