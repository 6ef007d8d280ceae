using System.Globalization;

namespace Vigia.Cli.Keys;

/// <summary>A token lifetime as people write it: 30m, 8h, 7d.</summary>
internal static class Lifetime
{
    public static TimeSpan? Parse(string text)
    {
        if (text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return null;
        }

        return text[^1] switch
        {
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => null,
        };
    }
}
