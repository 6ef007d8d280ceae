using System.Text.RegularExpressions;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Ingestion.Normalisation;

/// <summary>A report's language: a BCP 47 tag, normalised to its usual casing ("es-SV", "zh-Hant-TW").</summary>
public static partial class LanguageTags
{
    public static string? Validate(string value, string field, FieldViolations violations)
    {
        var language = value.Trim();
        if (language.Length == 0)
        {
            return null;
        }

        if (language.Length > 35 || !LanguageTag().IsMatch(language))
        {
            violations.Add(field, $"must be a BCP 47 language tag such as 'es' or 'es-SV' (was '{language}')");
            return null;
        }

        // BCP 47 casing: language lower, script title, region upper ("es-419", "zh-Hant-TW").
        var parts = language.Replace('_', '-').Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = i > 0 && parts[i].Length == 2 ? parts[i].ToUpperInvariant()
                : i > 0 && parts[i].Length == 4 && char.IsAsciiLetter(parts[i][0]) ? char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant()
                : parts[i].ToLowerInvariant();
        }

        return string.Join('-', parts);
    }

    [GeneratedRegex("^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
