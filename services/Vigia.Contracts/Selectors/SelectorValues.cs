namespace Vigia.Contracts.Selectors;

/// <summary>
/// How the values a selector names are compared, on both sides (the selector and the incident):
/// place codes trimmed and upper-case ("sv-sm" is "SV-SM"), perpetrators trimmed and lower-case
/// (they are free text, so "MS13" and "ms13" are one perpetrator).
/// </summary>
public static class SelectorValues
{
    public static string? PlaceCode(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToUpperInvariant();

    public static string Perpetrator(string? perpetrator) => perpetrator?.Trim().ToLowerInvariant() ?? "";
}
