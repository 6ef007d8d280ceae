namespace Vigia.Ingestion.Reports;

/// <summary>
/// How bulk submissions are paced to the registry (<see cref="BulkPacing"/>), from <c>Vigia:Ingestion:Pacing</c>
/// (environment: <c>Vigia__Ingestion__Pacing__MaxUnrecorded</c>, <c>__MaxWait</c>, <c>__Window</c>).
/// </summary>
public sealed class BulkPacingOptions
{
    public const string Section = "Vigia:Ingestion:Pacing";

    /// <summary>
    /// Accepted reports the registry may have still to record before a bulk batch waits: two batches of 500, about a
    /// second of the registry's work on the machines measured (0: no pacing). With four (2,000), a report typed in during
    /// a back-fill on RabbitMQ + PostgreSQL alerted p99 4.1–6.9 s after its answer; with two, 2.1–3.5 s, end to end
    /// unchanged (docs/benchmarks.md, nineteenth session). The embedded default keeps <see cref="EmbeddedMaxUnrecorded"/>.
    /// </summary>
    public int MaxUnrecorded { get; set; } = 1000;

    /// <summary>
    /// The embedded default's own default (<c>Vigia.Standalone</c>): one process, one SQLite writer and an in-memory bus,
    /// where two batches cost a tenth of the end-to-end rate and did not bring live reports' alerts sooner.
    /// </summary>
    public const int EmbeddedMaxUnrecorded = 2000;

    /// <summary>The longest a batch waits; then it is stored anyway (the registry may be down: the outbox keeps it).</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Only reports received this recently count: one the registry set aside stays unrecorded for good.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);
}
