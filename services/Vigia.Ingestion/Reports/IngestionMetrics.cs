using System.Diagnostics.Metrics;

namespace Vigia.Ingestion.Reports;

/// <summary>Reports taken, by outcome (docs/operations.md, "The dashboard"): a rising share of rejections means a desk or feed sends bad records.</summary>
public sealed class IngestionMetrics
{
    public const string MeterName = "Vigia.Ingestion";

    private readonly Counter<long> _reports;

    public IngestionMetrics(IMeterFactory meters) =>
        _reports = meters.Create(MeterName).CreateCounter<long>("vigia.ingestion.reports", "{report}", "Reports submitted, by outcome.");

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
