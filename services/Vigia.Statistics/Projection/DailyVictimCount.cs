using Vigia.Common.V1;

namespace Vigia.Statistics.Projection;

/// <summary>
/// The victims of one category among the counted incidents of one day, department and incident type, and how many of
/// those incidents had such victims: the daily rollup by victim category (<see cref="DailyCounts"/> keeps it beside
/// <see cref="DailyCount"/>). A category's series (the relatives of security forces, prison officers: the rules the
/// observatory watches most) is a range of this table's key instead of a join of every incident in the period with its
/// victims, which the planner answers by scanning the incidents (docs/benchmarks.md, seventeenth session).
/// </summary>
public class DailyVictimCount
{
    public VictimCategory Category { get; set; }
    public DateOnly OccurredOn { get; set; }
    public required string Admin1 { get; set; }
    public required string CountryCode { get; set; }
    public IncidentType IncidentType { get; set; }

    /// <summary>Incidents with at least one victim of the category.</summary>
    public int Incidents { get; set; }

    public long Victims { get; set; }
}
