using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Vigia.ServiceDefaults.Auth;

/// <summary>Mints tokens with a local signing key: `vigia token`, the embedded default's dev-token, a service's own calls.</summary>
public static class LocalTokens
{
    public const string Issuer = "vigia-local";

    /// <param name="notBefore">When the token starts to be valid; now unless given.</param>
    public static string Issue(
        JsonWebKey signingKey,
        string subject,
        IEnumerable<string> scopes,
        TimeSpan lifetime,
        string audience = AuthSettings.DefaultAudience,
        string? clientId = null,
        DateTimeOffset? notBefore = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var from = (notBefore ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new List<Claim>
        {
            new(CallerClaims.Subject, subject),
            new(CallerClaims.Scope, string.Join(' ', scopes)),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        if (!string.IsNullOrWhiteSpace(clientId))
        {
            claims.Add(new Claim(CallerClaims.ClientId, clientId));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = from,
            NotBefore = from,
            Expires = from + lifetime,
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
    }
}
