using System.Diagnostics;
using Vigia.Testing;
using YamlDotNet.RepresentationModel;

namespace Vigia.Deploy.Tests.Support;

/// <summary>
/// A kustomization as an operator would apply it: rendered by <c>kubectl kustomize</c> (the same
/// renderer as <c>kubectl apply -k</c>) and parsed. Without kubectl the tests skip with the reason
/// locally and fail in CI.
/// </summary>
public sealed class RenderedOverlay
{
    private static readonly Dictionary<string, RenderedOverlay> s_rendered = [];
    private static readonly Lock s_lock = new();

    private RenderedOverlay(string directory, IReadOnlyList<Manifest> manifests)
    {
        Directory = directory;
        Manifests = manifests;
    }

    /// <summary>The kustomization's folder, relative to deploy/.</summary>
    public string Directory { get; }

    public IReadOnlyList<Manifest> Manifests { get; }

    public IEnumerable<Manifest> OfKind(string kind) => Manifests.Where(m => m.Kind == kind);

    public Manifest Get(string kind, string name) =>
        Manifests.SingleOrDefault(m => m.Kind == kind && m.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"{Directory} renders no {kind}/{name}; it has: {string.Join(", ", Manifests)}");

    /// <summary>The platform's own Deployments (app.kubernetes.io/part-of: vigia).</summary>
    public IEnumerable<Manifest> ServiceDeployments =>
        OfKind("Deployment").Where(d => d.Map("metadata.labels").TryGetValue("app.kubernetes.io/part-of", out var v) && v as string == "vigia");

    /// <summary>Renders deploy/&lt;relative&gt; once per test run.</summary>
    public static RenderedOverlay Of(string relative)
    {
        lock (s_lock)
        {
            if (s_rendered.TryGetValue(relative, out var cached))
            {
                return cached;
            }

            var rendered = new RenderedOverlay(relative, Parse(Kustomize(Path.Combine(Repository.Root, "deploy", relative))));
            s_rendered[relative] = rendered;
            return rendered;
        }
    }

    private static string Kustomize(string directory)
    {
        var kubectl = FindKubectl();
        var start = new ProcessStartInfo(kubectl, ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {directory} did not finish in 2 minutes");
        }

        return process.ExitCode == 0
            ? output.Result
            : throw new Xunit.Sdk.XunitException($"kubectl kustomize {directory} failed ({process.ExitCode}): {error.Result}");
    }

    private static string FindKubectl()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return found;
        }

        const string Reason = "kubectl is not on PATH, so the Kubernetes manifests cannot be rendered (install kubectl; any version with kustomize built in)";
        if (TestServers.InCi)
        {
            throw new InvalidOperationException($"CI=true and {Reason}.");
        }

        Skip.If(true, $"SKIPPED LOUDLY: {Reason}.");
        throw new InvalidOperationException("unreachable");
    }

    private static List<Manifest> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents
            .Select(d => Convert(d.RootNode))
            .OfType<IReadOnlyDictionary<string, object?>>()
            .Select(root => new Manifest(root))];
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => Convert(c.Value)) as IReadOnlyDictionary<string, object?>,
        YamlSequenceNode list => list.Children.Select(Convert).ToList() as IReadOnlyList<object?>,
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };
}
