namespace Vigia.ServiceDefaults.Auth;

/// <summary>
/// The OAuth scopes a caller's token carries in its <c>scope</c> claim. Each RPC needs exactly one
/// (see <see cref="RpcScopes"/>); none implies another, so a team gets only what its job needs.
/// </summary>
public static class Scopes
{
    /// <summary>Submit reports and read them back.</summary>
    public const string Ingest = "vigia.ingest";

    /// <summary>Incidents, statistics, rules, alerts, silences and backtests.</summary>
    public const string Read = "vigia.read";

    /// <summary>The alert stream and acknowledgements.</summary>
    public const string Subscribe = "vigia.subscribe";

    /// <summary>Amend and retract incidents.</summary>
    public const string Curate = "vigia.curate";

    /// <summary>Create, change and delete rules and silences.</summary>
    public const string Admin = "vigia.admin";

    public static readonly IReadOnlyList<string> All = [Ingest, Read, Subscribe, Curate, Admin];
}
