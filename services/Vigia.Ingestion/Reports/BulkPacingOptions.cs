namespace Vigia.Ingestion.Reports;

/// <summary>
/// How bulk submissions are paced to the registry (<see cref="BulkPacing"/>), from <c>Vigia:Ingestion:Pacing</c>
/// (environment: <c>Vigia__Ingestion__Pacing__MaxUnrecorded</c>, <c>__MaxWait</c>, <c>__Window</c>).
/// </summary>
public sealed class BulkPacingOptions
{
    public const string Section = "Vigia:Ingestion:Pacing";

    /// <summary>
    /// Accepted reports the registry may have still to record before a bulk batch waits: four batches of 500, about
    /// two seconds of the registry's work on the machines measured (0: no pacing).
    /// </summary>
    public int MaxUnrecorded { get; set; } = 2000;

    /// <summary>The longest a batch waits; then it is stored anyway (the registry may be down: the outbox keeps it).</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Only reports received this recently count: one the registry set aside stays unrecorded for good.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);
}
