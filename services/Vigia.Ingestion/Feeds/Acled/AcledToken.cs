using System.Text.Json.Serialization;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>An OAuth token response.</summary>
public sealed record AcledToken(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
