namespace Vigia.ServiceDefaults.Auth;

/// <summary>The configuration keys of authentication, under <c>Vigia:Auth</c> (env <c>Vigia__Auth__…</c>).</summary>
public static class AuthSettings
{
    /// <summary>The identity provider's issuer URL; its OIDC discovery document gives the signing keys.</summary>
    public const string Authority = "Vigia:Auth:Authority";

    /// <summary>A JWKS file of the public keys that sign tokens, for installations without an identity provider.</summary>
    public const string SigningKeysFile = "Vigia:Auth:SigningKeysFile";

    /// <summary>The audience tokens must be issued for; <see cref="DefaultAudience"/> unless set.</summary>
    public const string Audience = "Vigia:Auth:Audience";

    /// <summary>Set to false only for an identity provider reached over plain HTTP in development.</summary>
    public const string RequireHttpsMetadata = "Vigia:Auth:RequireHttpsMetadata";

    /// <summary>A file holding the bearer token this service sends when it calls another (re-read when it changes).</summary>
    public const string ClientTokenFile = "Vigia:Auth:Client:TokenFile";

    /// <summary>A private signing key (signing-key.json) this service mints its own short-lived tokens with.</summary>
    public const string ClientSigningKeyFile = "Vigia:Auth:Client:SigningKeyFile";

    /// <summary>The scopes of the tokens this service mints for itself; <c>vigia.read</c> unless set.</summary>
    public const string ClientScope = "Vigia:Auth:Client:Scope";

    public const string DefaultAudience = "vigia";
}
