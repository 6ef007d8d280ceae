namespace Vigia.Contracts.Messages;

/// <summary>The registry recorded these reports as (or merged them into) incidents.</summary>
public record ReportsRecorded
{
    public required IReadOnlyList<RecordedReport> Reports { get; init; }
}

public record RecordedReport
{
    public required Guid ReportId { get; init; }
    public required Guid IncidentId { get; init; }
}
