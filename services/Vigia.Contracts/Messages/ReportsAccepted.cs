namespace Vigia.Contracts.Messages;

/// <summary>
/// Ingestion accepted these reports. One message carries a whole batch: a bus message per report
/// would cap the bulk path at the broker's per-message rate.
/// </summary>
public record ReportsAccepted
{
    public required Guid BatchId { get; init; }
    public required IReadOnlyList<AcceptedReport> Reports { get; init; }
}
