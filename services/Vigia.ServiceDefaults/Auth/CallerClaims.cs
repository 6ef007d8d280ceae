namespace Vigia.ServiceDefaults.Auth;

/// <summary>The token claims Vigia reads (RFC 9068 names).</summary>
public static class CallerClaims
{
    public const string Subject = "sub";
    public const string Scope = "scope";
    public const string ClientId = "client_id";

    /// <summary>Some identity providers name the client in <c>azp</c> instead.</summary>
    public const string AuthorizedParty = "azp";
}
