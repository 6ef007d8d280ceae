namespace Vigia.Contracts.Messages;

/// <summary>
/// Ingestion accepted these few reports (a report typed in at a desk, a short batch): a <see cref="ReportsAccepted"/>
/// on a lane of its own. The registry records them on an endpoint of their own, so they never queue behind the
/// batches of a back-fill. Not derived from <see cref="ReportsAccepted"/>: the bus routes a message to the consumers of
/// its base types too, and the bulk lane must not receive it.
/// </summary>
public record LiveReportsAccepted
{
    /// <summary>A batch of at most this many reports is live traffic and takes this lane.</summary>
    public const int MaxReports = 16;

    public required Guid BatchId { get; init; }
    public required IReadOnlyList<AcceptedReport> Reports { get; init; }
}
