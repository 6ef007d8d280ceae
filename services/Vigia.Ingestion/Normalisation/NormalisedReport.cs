using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Ingestion.Normalisation;

/// <summary>A report that passed validation, with its place as codes, its victims merged and its perpetrator as a code.</summary>
public sealed record NormalisedReport
{
    public required string Source { get; init; }
    public required string SourceRecordId { get; init; }
    public string? Url { get; init; }
    public DateTime? PublishedAt { get; init; }
    public required DateOnly OccurredOn { get; init; }
    public required DatePrecision DatePrecision { get; init; }
    public required ResolvedPlace Place { get; init; }
    public required IncidentType IncidentType { get; init; }
    public required IReadOnlyList<VictimCount> Victims { get; init; }
    public required string Perpetrator { get; init; }
    public string? Description { get; init; }
    public string? Language { get; init; }
}
