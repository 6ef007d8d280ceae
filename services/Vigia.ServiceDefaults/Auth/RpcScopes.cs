namespace Vigia.ServiceDefaults.Auth;

/// <summary>
/// The one table of which scope each RPC needs, keyed by the gRPC method's full name
/// (<c>/package.Service/Method</c>). <see cref="CallerAuthorizationInterceptor"/> enforces it for
/// every call; a method missing from it is refused, so a new RPC is closed until it is listed here
/// (a test checks every RPC of every service is).
/// </summary>
public static class RpcScopes
{
    private const string Ingestion = "vigia.ingestion.v1.IngestionService";
    private const string Registry = "vigia.registry.v1.RegistryService";
    private const string Statistics = "vigia.statistics.v1.StatisticsService";
    private const string Alerting = "vigia.alerting.v1.AlertingService";

    public static IReadOnlyDictionary<string, string> ByMethod { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [$"/{Ingestion}/SubmitReport"] = Scopes.Ingest,
        [$"/{Ingestion}/SubmitReports"] = Scopes.Ingest,
        [$"/{Ingestion}/GetReport"] = Scopes.Ingest,
        [$"/{Ingestion}/ListFeeds"] = Scopes.Ingest,

        [$"/{Registry}/GetIncident"] = Scopes.Read,
        [$"/{Registry}/ListIncidents"] = Scopes.Read,
        [$"/{Registry}/GetIncidentHistory"] = Scopes.Read,
        [$"/{Registry}/WatchIncidents"] = Scopes.Read,
        [$"/{Registry}/AmendIncident"] = Scopes.Curate,
        [$"/{Registry}/RetractIncident"] = Scopes.Curate,
        [$"/{Registry}/SplitIncident"] = Scopes.Curate,

        [$"/{Statistics}/GetTimeSeries"] = Scopes.Read,
        [$"/{Statistics}/ComparePeriods"] = Scopes.Read,
        [$"/{Statistics}/GetRate"] = Scopes.Read,
        [$"/{Statistics}/RankPlaces"] = Scopes.Read,
        [$"/{Statistics}/EvaluateIntervention"] = Scopes.Read,

        [$"/{Alerting}/GetRule"] = Scopes.Read,
        [$"/{Alerting}/ListRules"] = Scopes.Read,
        [$"/{Alerting}/ListAlerts"] = Scopes.Read,
        [$"/{Alerting}/GetAlert"] = Scopes.Read,
        [$"/{Alerting}/ListSilences"] = Scopes.Read,
        [$"/{Alerting}/BacktestRule"] = Scopes.Read,
        [$"/{Alerting}/ListAlertEvents"] = Scopes.Read,
        [$"/{Alerting}/SubscribeAlerts"] = Scopes.Subscribe,
        [$"/{Alerting}/AcknowledgeAlert"] = Scopes.Subscribe,
        [$"/{Alerting}/CreateRule"] = Scopes.Admin,
        [$"/{Alerting}/UpdateRule"] = Scopes.Admin,
        [$"/{Alerting}/DeleteRule"] = Scopes.Admin,
        [$"/{Alerting}/CreateSilence"] = Scopes.Admin,
        [$"/{Alerting}/DeleteSilence"] = Scopes.Admin,
    };

    /// <summary>What the call needs; null for a method nobody has listed (refused).</summary>
    public static RpcAccess? For(string method)
    {
        if (ByMethod.TryGetValue(method, out var scope))
        {
            return RpcAccess.WithScope(scope);
        }

        // Probes carry no token. Reflection only describes the public protos, but asks for a valid
        // token anyway, so that without one a port answers nothing but health.
        return ServiceOf(method) switch
        {
            "grpc.health.v1.Health" => RpcAccess.Open,
            "grpc.reflection.v1alpha.ServerReflection" or "grpc.reflection.v1.ServerReflection" => RpcAccess.AnyCaller,
            _ => null,
        };
    }

    private static string ServiceOf(string method)
    {
        var trimmed = method.TrimStart('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? trimmed : trimmed[..slash];
    }
}
