namespace Vigia.Alerting.Series;

/// <summary>
/// How late the incidents of one series of one rule were recorded: how many new incidents the registry recorded
/// 0, 1, 2, … days after the day they occurred (<see cref="ReportingDelay"/> reads and updates it).
/// </summary>
public class ReportingDelayRecord
{
    public required string RuleId { get; set; }
    public required string SeriesKey { get; set; }

    /// <summary>Counts of incidents by days of delay, comma-separated from 0 days on.</summary>
    public required string DayCounts { get; set; }
}
