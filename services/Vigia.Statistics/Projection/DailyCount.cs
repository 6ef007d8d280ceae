using Vigia.Common.V1;

namespace Vigia.Statistics.Projection;

/// <summary>
/// The counted (non-retracted) incidents of one day, department and incident type, and their victims: the daily
/// rollup the projection keeps beside its incidents (<see cref="DailyCounts"/>). A department's ten years of daily
/// counts are a few tens of thousands of these rows instead of a quarter of a million incidents, so the series
/// alerting reads for every change and the dashboards' long series (<c>GetTimeSeries</c>) come from here whenever the
/// selection needs no finer detail (<see cref="Series.CountAggregation"/>).
/// </summary>
public class DailyCount
{
    public required string Admin1 { get; set; }
    public DateOnly OccurredOn { get; set; }
    public required string CountryCode { get; set; }
    public IncidentType IncidentType { get; set; }
    public int Incidents { get; set; }
    public long Victims { get; set; }

    /// <summary>What a key column holds for an incident without a department (a key column cannot be NULL).</summary>
    public const string NoAdmin1 = "";
}
