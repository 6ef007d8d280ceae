using Vigia.Common.V1;

namespace Vigia.Contracts.Messages;

/// <summary>An incident as it stood at one version: what statistics and alerting count.</summary>
public record IncidentSnapshot
{
    public required Guid IncidentId { get; init; }
    public required long Version { get; init; }
    public required DateOnly OccurredOn { get; init; }
    public required DatePrecision DatePrecision { get; init; }
    public required string CountryCode { get; init; }
    public string? Admin1 { get; init; }
    public string? Admin2 { get; init; }
    public required IncidentType IncidentType { get; init; }
    public required IReadOnlyList<VictimCount> Victims { get; init; }
    public required string Perpetrator { get; init; }
    public required bool Retracted { get; init; }

    /// <summary>
    /// When the registry recorded this version (UTC): from then on it is what the registry knew. Absent in
    /// messages sent before it existed, and in snapshots that are not a registry version.
    /// </summary>
    public DateTime? RecordedAt { get; init; }
}
