using Vigia.Ingestion.V1;

namespace Vigia.LoadTool.Workload;

/// <summary>
/// The generated reports in the order they are sent, cut into the batches the platform receives,
/// with the waves planted among them and the days they cover.
/// </summary>
public sealed class ReportWorkload(IReadOnlyList<Report> reports, int batchSize, IReadOnlyList<PlantedWave> waves, DateOnly firstDay, DateOnly lastDay)
{
    public IReadOnlyList<Report> Reports { get; } = reports;

    public int BatchSize { get; } = batchSize;

    public IReadOnlyList<SubmitReportsRequest> Batches { get; } = Cut(reports, batchSize);

    public IReadOnlyList<PlantedWave> Waves { get; } = waves;

    public DateOnly FirstDay { get; } = firstDay;

    public DateOnly LastDay { get; } = lastDay;

    /// <summary>The same records, <paramref name="recordsPerMessage"/> to a message.</summary>
    public IReadOnlyList<SubmitReportsRequest> Rebatch(int recordsPerMessage) =>
        recordsPerMessage == BatchSize ? Batches : Cut(Reports, recordsPerMessage);

    private static SubmitReportsRequest[] Cut(IReadOnlyList<Report> reports, int size) =>
        [.. reports.Chunk(size).Select(chunk => new SubmitReportsRequest { Reports = { chunk } })];
}
