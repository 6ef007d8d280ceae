using System.Xml.Linq;

namespace Vigia.Deploy.Tests.Support;

/// <summary>The repository the tests run from, and the release settings the manifests must agree with.</summary>
public static class Repository
{
    public static readonly string[] Services = ["ingestion", "registry", "statistics", "alerting"];

    public static string Root { get; } = FindRoot();

    /// <summary>The release version (Directory.Build.props): image tags follow it.</summary>
    public static string Version => Property(Path.Combine(Root, "Directory.Build.props"), "Version")
        ?? throw new InvalidOperationException("Directory.Build.props names no Version");

    /// <summary>The image repository a service's project publishes to (its ContainerRepository).</summary>
    public static string ContainerRepository(string service)
    {
        var project = $"Vigia.{char.ToUpperInvariant(service[0])}{service[1..]}";
        return Property(Path.Combine(Root, "services", project, $"{project}.csproj"), "ContainerRepository")
            ?? throw new InvalidOperationException($"{project} names no ContainerRepository");
    }

    private static string? Property(string file, string name) =>
        XDocument.Load(file).Descendants(name).Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}");
    }
}
