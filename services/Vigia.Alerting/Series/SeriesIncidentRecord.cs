namespace Vigia.Alerting.Series;

/// <summary>
/// An incident counted in one series of one rule, kept from the SeriesChanged messages alerting saw,
/// so an alert can name the incidents in its window without asking the registry.
/// </summary>
public class SeriesIncidentRecord
{
    public required string RuleId { get; set; }
    public required string SeriesKey { get; set; }
    public Guid IncidentId { get; set; }
    public DateOnly OccurredOn { get; set; }

    /// <summary>The incident's version these rows were kept from: an older version judged later does not replace them.</summary>
    public long Version { get; set; }
}
