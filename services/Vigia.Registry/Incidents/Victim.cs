using Vigia.Common.V1;

namespace Vigia.Registry.Incidents;

/// <summary>How many victims of one category an incident (or one of its sources) counts.</summary>
public class Victim
{
    public VictimCategory Category { get; set; }
    public int Count { get; set; }

    /// <summary>One entry per category, counts summed, empty counts dropped.</summary>
    public static List<Victim> Normalise(IEnumerable<(VictimCategory Category, int Count)> victims) =>
    [
        .. victims
            .GroupBy(v => v.Category == VictimCategory.Unspecified ? VictimCategory.Unknown : v.Category)
            .Select(g => new Victim { Category = g.Key, Count = g.Sum(v => v.Count) })
            .Where(v => v.Count > 0)
            .OrderBy(v => v.Category),
    ];
}
