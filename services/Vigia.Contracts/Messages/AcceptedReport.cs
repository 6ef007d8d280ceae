using Vigia.Common.V1;

namespace Vigia.Contracts.Messages;

/// <summary>A report after ingestion validated and normalised it: places are codes, dates are dates.</summary>
public record AcceptedReport
{
    public required Guid ReportId { get; init; }
    public required string Source { get; init; }
    public required string SourceRecordId { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public required DateOnly OccurredOn { get; init; }
    public required DatePrecision DatePrecision { get; init; }
    public required string CountryCode { get; init; }
    public string? Admin1 { get; init; }
    public string? Admin1Name { get; init; }
    public string? Admin2 { get; init; }
    public string? Admin2Name { get; init; }
    public required IncidentType IncidentType { get; init; }
    public required IReadOnlyList<VictimCount> Victims { get; init; }
    public required string Perpetrator { get; init; }
    public string? Description { get; init; }
    public string? Language { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>
    /// 1 when first accepted; each correction the source sends under the same key is the next. The registry applies a
    /// revision newer than the one it holds and ignores an older one, so corrections never go back in time.
    /// </summary>
    public int Revision { get; init; } = 1;
}
