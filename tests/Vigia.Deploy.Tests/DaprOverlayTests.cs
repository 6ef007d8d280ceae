using Vigia.Deploy.Tests.Support;

namespace Vigia.Deploy.Tests;

/// <summary>The Dapr overlay gives every service a sidecar under its app id and alerting a pub/sub component.</summary>
public sealed class DaprOverlayTests
{
    [SkippableFact]
    public void EveryService_HasASidecar_UnderTheAppIdServiceInvocationUses()
    {
        var deployments = RenderedOverlay.Of("overlays/dapr").ServiceDeployments.ToList();

        Assert.Equal(4, deployments.Count);
        foreach (var deployment in deployments)
        {
            var annotations = deployment.Map("spec.template.metadata.annotations");
            Assert.Equal("true", annotations["dapr.io/enabled"]);
            // ServiceClientRegistration calls app id "vigia-<service>" through the sidecar.
            Assert.Equal(deployment.Name, annotations["dapr.io/app-id"]);
            Assert.Equal("grpc", annotations["dapr.io/app-protocol"]);
            var grpcPort = (Manifest.At(deployment.Containers.Single(), "ports") as IReadOnlyList<object?>)!.Single();
            Assert.Equal(Manifest.Text(grpcPort, "containerPort"), annotations["dapr.io/app-port"]);
        }
    }

    [SkippableFact]
    public void Alerting_PublishesThroughAPubSubComponentScopedToIt()
    {
        var dapr = RenderedOverlay.Of("overlays/dapr");
        var alerting = dapr.Get("Deployment", "vigia-alerting");
        var env = (Manifest.At(alerting.Containers.Single(), "env") as IReadOnlyList<object?>)!
            .ToDictionary(e => Manifest.Text(e, "name")!, e => Manifest.Text(e, "value"));

        var component = dapr.Get("Component", env["Vigia__Alerting__DaprPubSub"]!);
        Assert.StartsWith("pubsub.", component.Text("spec.type"), StringComparison.Ordinal);
        Assert.Equal(["vigia-alerting"], component.List("scopes").Cast<string>());
    }
}
