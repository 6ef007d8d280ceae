namespace Vigia.ServiceDefaults.Auth;

/// <summary>Who may make one call: anyone (health probes), any authenticated caller, or a caller with one scope.</summary>
public sealed record RpcAccess
{
    private RpcAccess(bool needsToken, string? scope)
    {
        NeedsToken = needsToken;
        Scope = scope;
    }

    /// <summary>No token needed: Kubernetes probes and load balancers have none.</summary>
    public static RpcAccess Open { get; } = new(false, null);

    /// <summary>A valid token, whatever its scopes.</summary>
    public static RpcAccess AnyCaller { get; } = new(true, null);

    public bool NeedsToken { get; }

    /// <summary>The scope the token must carry; null when any valid token will do.</summary>
    public string? Scope { get; }

    public static RpcAccess WithScope(string scope) => new(true, scope);
}
