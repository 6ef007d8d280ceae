using System.Globalization;
using Vigia.Deploy.Tests.Support;

namespace Vigia.Deploy.Tests;

/// <summary>
/// Default deny, then only the flows the platform needs: teams reach each service's gRPC port from the
/// namespaces an operator labels; each service reaches its database, the broker, the collector, and
/// only the services it calls (alerting calls statistics; nothing else calls a service).
/// </summary>
public sealed class NetworkPolicyTests
{
    private static readonly Dictionary<string, int> s_ports = new() { ["ingestion"] = 5101, ["registry"] = 5102, ["statistics"] = 5103, ["alerting"] = 5104 };

    public static TheoryData<string> Overlays => ["overlays/dev", "overlays/prod"];

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void Namespace_DeniesEverythingByDefault(string overlay)
    {
        var policies = RenderedOverlay.Of(overlay).OfKind("NetworkPolicy").ToList();

        Assert.Contains(policies, p => p.Map("spec.podSelector").Count == 0
                                       && p.List("spec.policyTypes").Cast<string>().Order().SequenceEqual(["Egress", "Ingress"])
                                       && p.At("spec.ingress") is null && p.At("spec.egress") is null);
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void EachService_IsReachableOnItsGrpcPort_FromLabelledClientNamespaces(string overlay)
    {
        var policies = RenderedOverlay.Of(overlay).OfKind("NetworkPolicy").ToList();

        foreach (var (service, port) in s_ports)
        {
            var allowed = IngressRulesFor(policies, $"vigia-{service}")
                .Where(r => r.From.Any(f => Label(f, "namespaceSelector", "vigia.io/clients") == "true"))
                .SelectMany(r => r.Ports);
            Assert.Contains(port, allowed);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void Services_ReachTheirDatabaseBrokerAndCollector(string overlay)
    {
        var egress = EgressRulesFor(RenderedOverlay.Of(overlay).OfKind("NetworkPolicy").ToList(), "vigia-registry").ToList();

        Assert.Contains(egress, r => r.Ports.Contains(5432) && r.To.Any(t => Backing(t) == "postgres"));
        Assert.Contains(egress, r => r.Ports.Contains(5672) && r.To.Any(t => Backing(t) == "rabbitmq"));
        Assert.Contains(egress, r => r.Ports.Contains(4317));
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void OnlyAlerting_ReachesAnotherService_AndOnlyStatistics(string overlay)
    {
        var policies = RenderedOverlay.Of(overlay).OfKind("NetworkPolicy").ToList();

        foreach (var caller in s_ports.Keys)
        {
            var reached = EgressRulesFor(policies, $"vigia-{caller}")
                .Where(r => r.To.Count > 0)
                .SelectMany(r => r.To.Select(t => Label(t, "podSelector", "app.kubernetes.io/name")))
                .Where(app => app is not null && app.StartsWith("vigia-", StringComparison.Ordinal))
                .ToHashSet();
            Assert.Equal(caller == "alerting" ? ["vigia-statistics"] : [], reached);
        }

        Assert.Contains(5103, IngressRulesFor(policies, "vigia-statistics")
            .Where(r => r.From.Any(f => Label(f, "podSelector", "app.kubernetes.io/name") == "vigia-alerting"))
            .SelectMany(r => r.Ports));
    }

    private static string? Backing(object? peer) => Label(peer, "podSelector", "vigia.io/backing");

    /// <summary>The value a peer's pod or namespace selector requires of a label (label keys contain dots, so no dotted path).</summary>
    private static string? Label(object? peer, string selector, string key) =>
        (Manifest.At(peer, $"{selector}.matchLabels") as IReadOnlyDictionary<string, object?>)?.GetValueOrDefault(key) as string;

    private sealed record Rule(IReadOnlyList<object?> From, IReadOnlyList<object?> To, IReadOnlyList<int> Ports);

    /// <summary>The ingress rules of every policy that selects the service's pods.</summary>
    private static IEnumerable<Rule> IngressRulesFor(IEnumerable<Manifest> policies, string app) =>
        policies.Where(p => Selects(p, app)).SelectMany(p => p.Maps("spec.ingress"))
            .Select(r => new Rule(Manifest.At(r, "from") as IReadOnlyList<object?> ?? [], [], Ports(r)));

    private static IEnumerable<Rule> EgressRulesFor(IEnumerable<Manifest> policies, string app) =>
        policies.Where(p => Selects(p, app)).SelectMany(p => p.Maps("spec.egress"))
            .Select(r => new Rule([], Manifest.At(r, "to") as IReadOnlyList<object?> ?? [], Ports(r)));

    private static IReadOnlyList<int> Ports(object? rule) =>
        [.. (Manifest.At(rule, "ports") as IReadOnlyList<object?> ?? []).Select(p => int.Parse(Manifest.Text(p, "port") ?? "0", CultureInfo.InvariantCulture))];

    /// <summary>Whether a policy's pod selector matches a service's pods (their labels as the base gives them).</summary>
    private static bool Selects(Manifest policy, string app)
    {
        var podLabels = new Dictionary<string, string>
        {
            ["app.kubernetes.io/name"] = app,
            ["app.kubernetes.io/component"] = app["vigia-".Length..],
            ["app.kubernetes.io/part-of"] = "vigia",
            ["vigia.io/service"] = "true",
        };
        var wanted = policy.Map("spec.podSelector.matchLabels");
        return wanted.All(w => podLabels.TryGetValue(w.Key, out var have) && have == w.Value as string);
    }
}
