using System.Globalization;
using System.Text;

namespace Vigia.Contracts.Text;

/// <summary>
/// Folds free text to a matching key: lower case, no accents, punctuation as spaces, single spaces.
/// "Dpto. de San Miguel", "DPTO DE SAN MIGUEL" and "dpto de san miguel" share a key; so do
/// "Usulután" and "Usulutan".
/// </summary>
public static class TextKey
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && key.Length > 0)
                {
                    key.Append(' ');
                }

                pendingSpace = false;
                key.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }

        return key.ToString();
    }

    /// <summary>The folded words of a text.</summary>
    public static string[] Words(string? text) => Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A lower-case, hyphenated, accent-free slug of at most <paramref name="maxLength"/> characters.</summary>
    public static string Slug(string? text, int maxLength = 64)
    {
        var slug = Fold(text).Replace(' ', '-');
        return slug.Length <= maxLength ? slug : slug[..maxLength].TrimEnd('-');
    }
}
