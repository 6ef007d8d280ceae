using Vigia.Deploy.Tests.Support;

namespace Vigia.Deploy.Tests;

/// <summary>The schema step of a release: one Job per version that runs each service's migrate command as the owner.</summary>
public sealed class MigrationsJobTests
{
    [SkippableFact]
    public void Job_IsNamedForTheRelease_AndMigratesEverySchemaWithTheReleaseImages()
    {
        var job = Assert.Single(RenderedOverlay.Of("overlays/prod/migrations").OfKind("Job"));

        Assert.Equal($"vigia-migrate-{Repository.Version.Replace('.', '-')}", job.Name);
        var steps = job.Containers.ToList();
        Assert.Equal(Repository.Services.Order(), steps.Select(c => Manifest.Text(c, "name")).Order());
        foreach (var step in steps)
        {
            var service = Manifest.Text(step, "name")!;
            Assert.Equal(["migrate"], (Manifest.At(step, "args") as IReadOnlyList<object?>)!.Cast<string>());
            Assert.EndsWith($"{Repository.ContainerRepository(service)}:{Repository.Version}", Manifest.Text(step, "image"), StringComparison.Ordinal);
            var env = (Manifest.At(step, "env") as IReadOnlyList<object?>)!.ToDictionary(e => Manifest.Text(e, "name")!, e => e);
            Assert.Contains("ConnectionStrings__postgres", env.Keys);
            Assert.Equal("vigia_runtime", Manifest.Text(env["Vigia__Database__RuntimeRole"], "value"));
        }
    }

    [SkippableFact]
    public void Job_ConnectsAsTheOwner_WhileTheServicesConnectAsTheRuntimeRole()
    {
        var job = Assert.Single(RenderedOverlay.Of("overlays/prod/migrations").OfKind("Job"));
        var services = RenderedOverlay.Of("overlays/prod").ServiceDeployments.ToList();

        Assert.All(job.Containers, c => Assert.Contains((Manifest.At(c, "env") as IReadOnlyList<object?>)!,
            e => Manifest.Text(e, "valueFrom.secretKeyRef.name") == "vigia-db-app"));
        Assert.All(services, d => Assert.Contains((Manifest.At(d.Containers.Single(), "env") as IReadOnlyList<object?>)!,
            e => Manifest.Text(e, "valueFrom.secretKeyRef.name") == "vigia-db-runtime"));
    }

    [SkippableFact]
    public void Prod_Services_CheckTheSchemaInsteadOfCreatingIt()
    {
        var prod = RenderedOverlay.Of("overlays/prod");
        var database = prod.Get("ConfigMap", "vigia-database");

        Assert.Equal("false", database.Text("data.Vigia__Database__ApplyAtStartup"));
        Assert.All(prod.ServiceDeployments, d => Assert.Contains((Manifest.At(d.Containers.Single(), "envFrom") as IReadOnlyList<object?>)!,
            e => Manifest.Text(e, "configMapRef.name") == "vigia-database"));
    }
}
