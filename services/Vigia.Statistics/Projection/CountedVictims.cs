using Vigia.Common.V1;

namespace Vigia.Statistics.Projection;

/// <summary>How many victims of one category an incident had, at its latest version.</summary>
public class CountedVictims
{
    public Guid IncidentId { get; set; }
    public VictimCategory Category { get; set; }
    public int Count { get; set; }
}
