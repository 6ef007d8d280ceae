namespace Vigia.Contracts.Messages;

/// <summary>
/// Statistics applied these incident versions to its counts. Previous is the version it replaced
/// (null for a new incident), so a consumer knows every series and day whose count moved.
/// </summary>
public record SeriesChanged
{
    public required Guid BatchId { get; init; }
    public required IReadOnlyList<SeriesChange> Changes { get; init; }
}

public record SeriesChange
{
    public IncidentSnapshot? Previous { get; init; }
    public required IncidentSnapshot Current { get; init; }
}
