namespace Vigia.Statistics.Projection;

/// <summary>Place codes are compared upper-case and trimmed, whether stored or asked for.</summary>
public static class PlaceCodes
{
    public static string? Normalize(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToUpperInvariant();
}
