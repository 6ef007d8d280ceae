namespace Vigia.Contracts.Messages;

/// <summary>Sources deleted these reports (e.g. ACLED's deleted events): the incidents they fed must stop counting them.</summary>
public record ReportsWithdrawn
{
    public required Guid BatchId { get; init; }
    public required IReadOnlyList<WithdrawnReport> Reports { get; init; }
}

public record WithdrawnReport
{
    public required Guid ReportId { get; init; }
    public required string Source { get; init; }
    public required string SourceRecordId { get; init; }

    /// <summary>The report's revision after the withdrawal (see <see cref="AcceptedReport.Revision"/>).</summary>
    public required int Revision { get; init; }

    /// <summary>What the source said, e.g. "deleted by source acled at 2024-03-12T10:00:00Z".</summary>
    public required string Reason { get; init; }
}
