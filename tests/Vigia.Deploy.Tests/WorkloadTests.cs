using Vigia.Deploy.Tests.Support;

namespace Vigia.Deploy.Tests;

/// <summary>
/// Every pod of the platform passes the "restricted" Pod Security Standard the namespace enforces, is
/// probed, and has requests and limits; production adds replicas, spread and disruption budgets.
/// </summary>
public sealed class WorkloadTests
{
    public static TheoryData<string> Overlays => ["overlays/dev", "overlays/prod", "overlays/dapr"];

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void EveryServiceDeployment_HasTheFourServicesAndTheirProbes(string overlay)
    {
        var deployments = RenderedOverlay.Of(overlay).ServiceDeployments.ToList();

        Assert.Equal(Repository.Services.Select(s => $"vigia-{s}").Order(), deployments.Select(d => d.Name).Order());
        foreach (var deployment in deployments)
        {
            var container = deployment.Containers.Single();
            foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
            {
                Assert.True(Manifest.At(container, $"{probe}.grpc.port") is not null, $"{overlay}: {deployment} has no gRPC {probe}");
            }

            // Readiness asks for the whole server ("": database and bus), liveness for the process alone.
            Assert.Equal("", Manifest.Text(container, "readinessProbe.grpc.service"));
            Assert.Equal("liveness", Manifest.Text(container, "livenessProbe.grpc.service"));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void EveryServiceDeployment_HasRequestsAndLimits(string overlay)
    {
        foreach (var deployment in RenderedOverlay.Of(overlay).ServiceDeployments)
        {
            var container = deployment.Containers.Single();
            foreach (var path in new[] { "resources.requests.cpu", "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory" })
            {
                Assert.False(string.IsNullOrEmpty(Manifest.Text(container, path)), $"{overlay}: {deployment} sets no {path}");
            }
        }
    }

    [SkippableTheory]
    [InlineData("overlays/dev")]
    [InlineData("overlays/prod")]
    [InlineData("overlays/dapr")]
    [InlineData("overlays/prod/migrations")]
    public void EveryVigiaPod_MeetsTheRestrictedPodSecurityStandard(string overlay)
    {
        var workloads = RenderedOverlay.Of(overlay).Manifests.Where(m => m.PodSpec is not null).ToList();

        Assert.NotEmpty(workloads);
        foreach (var workload in workloads)
        {
            var pod = workload.PodSpec!;
            Assert.True(Manifest.Text(pod, "securityContext.runAsNonRoot") == "true", $"{overlay}: {workload} may run as root");
            Assert.True(Manifest.Text(pod, "securityContext.seccompProfile.type") == "RuntimeDefault", $"{overlay}: {workload} has no RuntimeDefault seccomp profile");
            Assert.True(Manifest.Text(pod, "automountServiceAccountToken") == "false", $"{overlay}: {workload} mounts a service-account token");
            foreach (var container in workload.Containers)
            {
                var name = $"{workload} container {Manifest.Text(container, "name")}";
                Assert.True(Manifest.Text(container, "securityContext.allowPrivilegeEscalation") == "false", $"{overlay}: {name} may escalate privileges");
                Assert.Contains("ALL", (Manifest.At(container, "securityContext.capabilities.drop") as IReadOnlyList<object?> ?? []).Cast<string>());
            }
        }
    }

    [SkippableTheory]
    [InlineData("overlays/dev")]
    [InlineData("overlays/prod")]
    [InlineData("overlays/prod/migrations")]
    public void VigiaContainers_HaveAReadOnlyRootWithAWritableTmp(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var vigia = rendered.ServiceDeployments.Concat(rendered.OfKind("Job")).ToList();

        Assert.NotEmpty(vigia);
        foreach (var workload in vigia)
        {
            var emptyDirs = workload.Maps("spec.template.spec.volumes").Where(v => v.ContainsKey("emptyDir")).Select(v => Manifest.Text(v, "name")).ToHashSet();
            foreach (var container in workload.Containers)
            {
                var name = $"{workload} container {Manifest.Text(container, "name")}";
                Assert.True(Manifest.Text(container, "securityContext.readOnlyRootFilesystem") == "true", $"{overlay}: {name} can write its root filesystem");
                var tmp = (Manifest.At(container, "volumeMounts") as IReadOnlyList<object?> ?? [])
                    .SingleOrDefault(m => Manifest.Text(m, "mountPath") == "/tmp");
                Assert.True(tmp is not null && emptyDirs.Contains(Manifest.Text(tmp, "name")), $"{overlay}: {name} has no writable /tmp");
            }
        }
    }

    [SkippableFact]
    public void Namespace_EnforcesTheRestrictedStandard()
    {
        var ns = RenderedOverlay.Of("overlays/prod").Get("Namespace", "vigia");

        Assert.Equal("restricted", ns.Map("metadata.labels")["pod-security.kubernetes.io/enforce"]);
    }

    [SkippableFact]
    public void Dev_RunsOneReplicaOfEach_WithItsOwnDatabaseAndBroker()
    {
        var dev = RenderedOverlay.Of("overlays/dev");

        Assert.All(dev.ServiceDeployments, d => Assert.Equal("1", d.Text("spec.replicas")));
        Assert.Contains(dev.OfKind("StatefulSet"), s => s.Map("spec.template.metadata.labels").TryGetValue("vigia.io/backing", out var b) && b as string == "postgres");
        Assert.Contains(dev.OfKind("StatefulSet"), s => s.Map("spec.template.metadata.labels").TryGetValue("vigia.io/backing", out var b) && b as string == "rabbitmq");
    }

    [SkippableTheory]
    [InlineData("overlays/prod")]
    [InlineData("overlays/dapr")]
    public void Prod_EveryService_HasTwoReplicasSpreadOverNodesAndADisruptionBudget(string overlay)
    {
        var prod = RenderedOverlay.Of(overlay);
        var budgets = prod.OfKind("PodDisruptionBudget").ToList();

        foreach (var deployment in prod.ServiceDeployments)
        {
            var replicas = int.Parse(deployment.Text("spec.replicas") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(replicas >= 2, $"{deployment} has {replicas} replicas");
            Assert.Contains(deployment.Maps("spec.template.spec.topologySpreadConstraints"), c => Manifest.Text(c, "topologyKey") == "kubernetes.io/hostname");
            var app = deployment.Map("spec.template.metadata.labels")["app.kubernetes.io/name"] as string;
            var budget = Assert.Single(budgets, b => b.Map("spec.selector.matchLabels").TryGetValue("app.kubernetes.io/name", out var selected) && selected as string == app);
            // Two or more replicas keep one up through a node drain.
            Assert.Equal(("1", ""), (budget.Text("spec.minAvailable") ?? "", budget.Text("spec.maxUnavailable") ?? ""));
        }
    }

    [SkippableFact]
    public void Prod_EveryService_DeclaresQuorumQueuesOnTheThreeNodeBroker()
    {
        var prod = RenderedOverlay.Of("overlays/prod");

        Assert.Equal("3", prod.Get("RabbitmqCluster", "vigia-rabbitmq").Text("spec.replicas"));
        Assert.All(prod.ServiceDeployments, deployment => Assert.Contains(
            deployment.Maps("spec.template.spec.containers").SelectMany(c => (Manifest.At(c, "env") as IEnumerable<object?>) ?? []),
            e => Manifest.Text(e, "name") == "Vigia__Bus__QuorumQueues" && Manifest.Text(e, "value") == "true"));
    }
}
