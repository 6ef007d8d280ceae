using System.Diagnostics;
using System.Text.Json;
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
    public static string ContainerRepository(string service) =>
        Property(ProjectFile(service), "ContainerRepository") ?? throw new InvalidOperationException($"{service}'s project names no ContainerRepository");

    /// <summary>
    /// A service project's properties as MSBuild evaluates them (<c>dotnet msbuild -getProperty</c>): what publishing its
    /// image and its runtime configuration will use, imports and conditions included.
    /// </summary>
    /// <remarks>Two names or more: MSBuild prints a single property bare, several as JSON.</remarks>
    public static IReadOnlyDictionary<string, string> EvaluatedProperties(string service, params string[] names)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(names.Length, 2);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("msbuild");
        start.ArgumentList.Add(ProjectFile(service));
        start.ArgumentList.Add("-p:Configuration=Release");
        foreach (var name in names)
        {
            start.ArgumentList.Add($"-getProperty:{name}");
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet msbuild of {service} exited {process.ExitCode}: {output.Result}{error.Result}");
        }

        using var json = JsonDocument.Parse(output.Result);
        return json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }

    /// <summary>The project file of a service ("alerting": services/Vigia.Alerting/Vigia.Alerting.csproj).</summary>
    private static string ProjectFile(string service)
    {
        var project = $"Vigia.{char.ToUpperInvariant(service[0])}{service[1..]}";
        return Path.Combine(Root, "services", project, $"{project}.csproj");
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
