namespace Vigia.Contracts.Messages;

/// <summary>
/// The registry created, merged, amended or retracted these incidents. Each snapshot carries its
/// version, so a consumer that sees an older version after a newer one keeps the newer.
/// </summary>
public record IncidentsChanged
{
    public required Guid BatchId { get; init; }
    public required IReadOnlyList<IncidentSnapshot> Incidents { get; init; }
}
