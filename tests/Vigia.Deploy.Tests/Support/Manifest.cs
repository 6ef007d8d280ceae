using System.Globalization;

namespace Vigia.Deploy.Tests.Support;

/// <summary>One rendered Kubernetes object, read as plain YAML maps, lists and scalars.</summary>
public sealed class Manifest(IReadOnlyDictionary<string, object?> root)
{
    public IReadOnlyDictionary<string, object?> Root { get; } = root;

    public string Kind => Text("kind") ?? "";

    public string Name => Text("metadata.name") ?? "";

    public override string ToString() => $"{Kind}/{Name}";

    /// <summary>The node at a dotted path ("spec.template.spec"); null where any step is missing.</summary>
    public object? At(string path) => At(Root, path);

    public string? Text(string path) => At(path) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public IReadOnlyDictionary<string, object?> Map(string path) =>
        At(path) as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();

    public IReadOnlyList<object?> List(string path) => At(path) as IReadOnlyList<object?> ?? [];

    public IEnumerable<IReadOnlyDictionary<string, object?>> Maps(string path) => List(path).OfType<IReadOnlyDictionary<string, object?>>();

    public static object? At(object? node, string path)
    {
        foreach (var step in path.Split('.'))
        {
            if (node is not IReadOnlyDictionary<string, object?> map || !map.TryGetValue(step, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(object? node, string path) =>
        At(node, path) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    /// <summary>The pod template's spec of a workload (Deployment, StatefulSet, Job); null for anything else.</summary>
    public IReadOnlyDictionary<string, object?>? PodSpec => At("spec.template.spec") as IReadOnlyDictionary<string, object?>;

    /// <summary>Every container of the pod, init containers included.</summary>
    public IEnumerable<IReadOnlyDictionary<string, object?>> Containers =>
        PodSpec is null
            ? []
            : Maps("spec.template.spec.initContainers").Concat(Maps("spec.template.spec.containers"));
}
