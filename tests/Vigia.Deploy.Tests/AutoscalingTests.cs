using MassTransit;
using Vigia.Alerting.Consumers;
using Vigia.Deploy.Tests.Support;
using Vigia.Registry.Consumers;
using Vigia.Statistics.Consumers;

namespace Vigia.Deploy.Tests;

/// <summary>KEDA scales each consumer on its own queue's depth (the queue names the services declare) and ingestion on CPU.</summary>
public sealed class AutoscalingTests
{
    public static TheoryData<string, string> Consumers => new()
    {
        { "vigia-registry", QueueOf(new ReportsAcceptedConsumerDefinition()) },
        { "vigia-statistics", QueueOf(new IncidentsChangedConsumerDefinition()) },
        { "vigia-alerting", QueueOf(new SeriesChangedConsumerDefinition()) },
    };

    [SkippableTheory]
    [MemberData(nameof(Consumers))]
    public void EachConsumer_ScalesOnTheDepthOfTheQueueItReads(string deployment, string queue)
    {
        var prod = RenderedOverlay.Of("overlays/prod");
        var scaled = prod.OfKind("ScaledObject").Single(s => s.Text("spec.scaleTargetRef.name") == deployment);

        var trigger = Assert.Single(scaled.Maps("spec.triggers"));
        Assert.Equal("rabbitmq", Manifest.Text(trigger, "type"));
        Assert.Equal(queue, Manifest.Text(trigger, "metadata.queueName"));
        Assert.Equal("QueueLength", Manifest.Text(trigger, "metadata.mode"));
        var (min, max) = (int.Parse(scaled.Text("spec.minReplicaCount")!, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(scaled.Text("spec.maxReplicaCount")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(min >= 2 && max > min, $"{deployment} scales between {min} and {max}");
        // The broker address comes from a Secret through a TriggerAuthentication, never inline.
        Assert.Null(Manifest.At(trigger, "metadata.host"));
        prod.Get("TriggerAuthentication", Manifest.Text(trigger, "authenticationRef.name")!);
    }

    [SkippableFact]
    public void Ingestion_ScalesOnCpu()
    {
        var scaled = RenderedOverlay.Of("overlays/prod").OfKind("ScaledObject").Single(s => s.Text("spec.scaleTargetRef.name") == "vigia-ingestion");

        Assert.Equal("cpu", Manifest.Text(Assert.Single(scaled.Maps("spec.triggers")), "type"));
    }

    [SkippableFact]
    public void EveryScaledObject_TargetsADeploymentThatExists()
    {
        var prod = RenderedOverlay.Of("overlays/prod");
        var deployments = prod.OfKind("Deployment").Select(d => d.Name).ToHashSet();

        Assert.Equal(4, prod.OfKind("ScaledObject").Count());
        Assert.All(prod.OfKind("ScaledObject"), s => Assert.Contains(s.Text("spec.scaleTargetRef.name") ?? "", deployments));
    }

    /// <summary>The queue MassTransit declares for a consumer on RabbitMQ (the bus uses kebab-case names).</summary>
    private static string QueueOf(IConsumerDefinition definition) => definition.GetEndpointName(KebabCaseEndpointNameFormatter.Instance);
}
