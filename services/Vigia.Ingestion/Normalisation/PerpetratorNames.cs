using System.Collections.Frozen;
using Vigia.Contracts.Text;

namespace Vigia.Ingestion.Normalisation;

/// <summary>
/// Canonical perpetrator codes from free text in Spanish or English: "MS-13", "Mara Salvatrucha" →
/// <c>ms13</c>; "Barrio 18 Sureños", "18 Sur" → <c>barrio18-surenos</c>; "PNC", "Fuerza Armada" →
/// <c>security-forces</c>; nothing or "desconocido" → <c>unknown</c>; anything else → a slug of the text.
/// Series, queries and alert rules select perpetrators by these codes.
/// </summary>
public static class PerpetratorNames
{
    public const string Ms13 = "ms13";
    public const string Barrio18 = "barrio18";
    public const string Barrio18Surenos = "barrio18-surenos";
    public const string Barrio18Revolucionarios = "barrio18-revolucionarios";
    public const string SecurityForces = "security-forces";
    public const string Unknown = "unknown";

    private static readonly FrozenSet<string> s_unknown = FrozenSet.ToFrozenSet(
    [
        "", "unknown", "desconocido", "desconocidos", "desconocida", "se desconoce", "sin identificar", "no identificado",
        "no identificados", "ninguno", "n a", "na", "nd", "n d", "none", "unidentified", "not known", "sin datos", "unknown gang",
    ]);

    private static readonly FrozenSet<string> s_securityForceWords = FrozenSet.ToFrozenSet(
    [
        "pnc", "police", "policia", "policias", "policemen", "policeman", "army", "ejercito", "soldier", "soldiers", "soldado",
        "soldados", "militar", "militares", "military", "faes", "fuerza armada", "fuerzas armadas", "armed forces",
        "security forces", "fuerzas de seguridad", "state agents", "agentes del estado", "agentes policiales",
        "policia nacional civil", "national civil police", "custodios", "prison guards",
    ]);

    private static readonly FrozenSet<string> s_surenosWords = FrozenSet.ToFrozenSet(["surenos", "sureno", "sur", "surena", "s"]);

    private static readonly FrozenSet<string> s_revolucionariosWords = FrozenSet.ToFrozenSet(["revolucionarios", "revolucionario", "revolucionaria", "rev", "r"]);

    public static string Normalise(string? text)
    {
        var key = TextKey.Fold(text);
        if (s_unknown.Contains(key))
        {
            return Unknown;
        }

        var compact = key.Replace(" ", string.Empty, StringComparison.Ordinal);
        var words = key.Split(' ');
        if (compact.Contains("ms13", StringComparison.Ordinal) || compact.Contains("salvatrucha", StringComparison.Ordinal)
            || words.Contains("ms"))
        {
            return Ms13;
        }

        if (IsBarrio18(key, compact))
        {
            // "18-S" / "18R" write the faction as one letter.
            if (words.Any(s_surenosWords.Contains) || compact.EndsWith("18s", StringComparison.Ordinal))
            {
                return Barrio18Surenos;
            }

            return words.Any(s_revolucionariosWords.Contains) || compact.EndsWith("18r", StringComparison.Ordinal)
                ? Barrio18Revolucionarios
                : Barrio18;
        }

        if (s_securityForceWords.Contains(key) || s_securityForceWords.Any(w => ContainsWords(key, w)))
        {
            return SecurityForces;
        }

        return TextKey.Slug(text);
    }

    private static bool IsBarrio18(string key, string compact) =>
        compact.Contains("barrio18", StringComparison.Ordinal) || compact.Contains("mara18", StringComparison.Ordinal)
        || compact.Contains("pandilla18", StringComparison.Ordinal) || compact.StartsWith("18sur", StringComparison.Ordinal)
        || compact.StartsWith("18rev", StringComparison.Ordinal) || compact is "18" or "b18" or "18s" or "18r"
        || compact.Contains("18thstreet", StringComparison.Ordinal) || compact.Contains("calle18", StringComparison.Ordinal)
        || key.StartsWith("la 18", StringComparison.Ordinal) || key.StartsWith("b 18", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="phrase"/> appears in <paramref name="key"/> as whole words.</summary>
    private static bool ContainsWords(string key, string phrase) =>
        $" {key} ".Contains($" {phrase} ", StringComparison.Ordinal);
}
