using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Vigia.ServiceDefaults.Auth;

public static class AuthRegistration
{
    /// <summary>
    /// JWT bearer authentication for every call: tokens from the identity provider at
    /// Vigia:Auth:Authority (OIDC discovery) or signed by a key in Vigia:Auth:SigningKeysFile (JWKS),
    /// for the audience Vigia:Auth:Audience ("vigia"). <see cref="CallerAuthorizationInterceptor"/>
    /// then answers UNAUTHENTICATED or PERMISSION_DENIED from the <see cref="RpcScopes"/> table.
    /// </summary>
    public static WebApplicationBuilder AddCallerAuthentication(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var authority = configuration[AuthSettings.Authority];
        var keysFile = configuration[AuthSettings.SigningKeysFile];
        if (string.IsNullOrWhiteSpace(authority) && string.IsNullOrWhiteSpace(keysFile))
        {
            throw new MissingConfigurationException(
                $"Every call needs a bearer token, and this service has nothing to check one with: set {AuthSettings.Authority} " +
                $"(env Vigia__Auth__Authority, the identity provider's issuer) or {AuthSettings.SigningKeysFile} " +
                "(env Vigia__Auth__SigningKeysFile, a JWKS file; `vigia keys create --out DIR` makes one). See docs/security.md.");
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            // Keep the token's own claim names (sub, scope, client_id) instead of the SOAP-era URIs.
            o.MapInboundClaims = false;
            o.TokenValidationParameters.ValidAudience = configuration[AuthSettings.Audience] is { Length: > 0 } audience
                ? audience
                : AuthSettings.DefaultAudience;
            o.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(1);
            o.TokenValidationParameters.NameClaimType = CallerClaims.Subject;
            if (!string.IsNullOrWhiteSpace(authority))
            {
                o.Authority = authority;
                o.RequireHttpsMetadata = configuration.GetValue(AuthSettings.RequireHttpsMetadata, true);
            }
            else
            {
                // The key file is the only trust anchor: whoever holds its private half is the issuer.
                o.TokenValidationParameters.IssuerSigningKeys = SigningKeyFiles.ReadPublicKeys(keysFile!);
                o.TokenValidationParameters.ValidateIssuer = false;
            }
        });
        return builder;
    }
}
