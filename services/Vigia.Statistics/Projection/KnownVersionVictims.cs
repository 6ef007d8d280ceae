using Vigia.Common.V1;

namespace Vigia.Statistics.Projection;

/// <summary>How many victims of one category an incident had at one known version.</summary>
public class KnownVersionVictims
{
    public Guid VersionId { get; set; }
    public VictimCategory Category { get; set; }
    public int Count { get; set; }
}
