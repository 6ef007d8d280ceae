using Google.Protobuf.WellKnownTypes;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>The paths of an update mask, each checked against the fields a resource lets callers change.</summary>
public static class UpdateMasks
{
    public const string Field = "update_mask";

    /// <summary>
    /// The mask's paths that <paramref name="updatable"/> knows; each other path is a violation naming the ones it
    /// does. An empty or absent mask is no paths: whether that means "all" or "nothing" is the caller's rule.
    /// </summary>
    public static IReadOnlyList<string> Paths(this FieldViolations violations, FieldMask? mask, IReadOnlyCollection<string> updatable)
    {
        var paths = new List<string>();
        if (mask is null)
        {
            return paths;
        }

        for (var i = 0; i < mask.Paths.Count; i++)
        {
            if (updatable.Contains(mask.Paths[i]))
            {
                paths.Add(mask.Paths[i]);
            }
            else
            {
                violations.Add($"{Field}.paths[{i}]", $"'{mask.Paths[i]}' cannot be updated; use one of {string.Join(", ", updatable)}");
            }
        }

        return paths;
    }
}
