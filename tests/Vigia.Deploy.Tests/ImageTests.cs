using Vigia.Deploy.Tests.Support;

namespace Vigia.Deploy.Tests;

/// <summary>Every image an overlay runs is pinned, and the platform's are the release the SDK publishes.</summary>
public sealed class ImageTests
{
    public static TheoryData<string> Overlays => ["overlays/dev", "overlays/prod", "overlays/dapr", "overlays/prod/migrations", "observability"];

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public void Images_InEveryOverlay_AreTaggedAndNeverLatest(string overlay)
    {
        var images = RenderedOverlay.Of(overlay).Manifests
            .SelectMany(m => m.Containers.Select(c => (Manifest: m, Image: Manifest.Text(c, "image") ?? "")))
            .ToList();

        Assert.NotEmpty(images);
        foreach (var (manifest, image) in images)
        {
            var tag = image.Contains('@', StringComparison.Ordinal) ? "digest" : image[(image.LastIndexOf('/') + 1)..].Split(':') is [_, var t] ? t : "";
            Assert.False(tag is "" or "latest", $"{overlay}: {manifest} runs {image}, which names no version");
        }
    }

    [SkippableTheory]
    [InlineData("overlays/dev")]
    [InlineData("overlays/prod")]
    [InlineData("overlays/prod/migrations")]
    public void ServiceImages_AreTheReleaseVersion_OfTheRepositoryTheProjectPublishes(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var serviceImages = rendered.Manifests
            .SelectMany(m => m.Containers.Select(c => Manifest.Text(c, "image") ?? ""))
            .Where(i => Repository.Services.Any(s => i.Contains(Repository.ContainerRepository(s), StringComparison.Ordinal)))
            .ToList();

        Assert.NotEmpty(serviceImages);
        Assert.All(serviceImages, image => Assert.EndsWith($":{Repository.Version}", image, StringComparison.Ordinal));
        var deployed = rendered.ServiceDeployments.ToList();
        foreach (var deployment in deployed)
        {
            var service = deployment.Name["vigia-".Length..];
            var image = Manifest.Text(deployment.Containers.Single(), "image") ?? "";
            Assert.Contains($"{Repository.ContainerRepository(service)}:{Repository.Version}", image, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ingestion")]
    [InlineData("registry")]
    [InlineData("statistics")]
    [InlineData("alerting")]
    public void ServiceProject_AsMsBuildEvaluatesIt_PublishesTheChiseledNonRootImage_OnTheWorkstationCollector(string service)
    {
        // Read as MSBuild evaluates the project: a setting whose condition cannot hold where it is written never applies.
        var properties = Repository.EvaluatedProperties(
            service, "ContainerBaseImage", "ContainerUser", "ContainerImageTags", "ServerGarbageCollection");

        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra", properties["ContainerBaseImage"]);
        Assert.Equal("1654", properties["ContainerUser"]);
        Assert.Equal(Repository.Version, properties["ContainerImageTags"]);
        Assert.Equal("false", properties["ServerGarbageCollection"]);
    }
}
