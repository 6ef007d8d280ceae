using System.Diagnostics.Metrics;

namespace Vigia.Ingestion.Reports;

/// <summary>
/// Reports taken, by outcome (docs/operations.md, "The dashboard"): a rising share of rejections means a desk or feed
/// sends bad records; and how long bulk batches waited for the registry (<see cref="BulkPacing"/>).
/// </summary>
public sealed class IngestionMetrics
{
    public const string MeterName = "Vigia.Ingestion";

    private readonly Counter<long> _reports;
    private readonly Histogram<double> _pacing;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _reports = meter.CreateCounter<long>("vigia.ingestion.reports", "{report}", "Reports submitted, by outcome.");
        _pacing = meter.CreateHistogram<double>("vigia.ingestion.pacing.wait", "s", "How long a bulk batch waited for the registry before it was stored.");
    }

    public void RecordPacing(TimeSpan waited) => _pacing.Record(waited.TotalSeconds);

    public void Record(SubmissionOutcome outcome, long count = 1) =>
        _reports.Add(count, new KeyValuePair<string, object?>("vigia.outcome", outcome.ToString().ToLowerInvariant()));

    public void Record(IEnumerable<SubmissionResult> results)
    {
        foreach (var group in results.GroupBy(r => r.Outcome))
        {
            Record(group.Key, group.LongCount());
        }
    }
}
