namespace Vigia.Alerting.Series;

/// <summary>
/// Which pass last judged one series of one rule: a token every pass over the series writes anew, under the series'
/// lock and in the pass's transaction. A process keeps the counts it judged the series on (<see cref="SeriesCache"/>)
/// only while the token is still its own.
/// </summary>
public class SeriesReadRecord
{
    public required string RuleId { get; set; }
    public required string SeriesKey { get; set; }
    public Guid Token { get; set; }
}
