using System.Diagnostics;
using Vigia.LoadTool.Streaming;
using Vigia.LoadTool.Workload;
using Vigia.Registry.V1;

namespace Vigia.LoadTool.Platform;

/// <summary>
/// When the registry recorded the workload's incidents, read after the run from each incident's own
/// create_time (the services run on this machine, so their clock is the tool's): how long after the
/// first write the last one was recorded, and how long each waited after its batch was accepted.
/// Read afterwards so that watching does not slow the run it watches.
/// </summary>
/// <param name="EarlyBatchTime">How long the registry took per batch over its first batches, while a queue stood waiting.</param>
/// <param name="LateBatchTime">The same over its last batches: growth here means each batch costs more as incidents accumulate.</param>
/// <param name="BatchRecorded">Per batch, when (after the first write) the registry recorded its last incident.</param>
public sealed record RegistryStage(
    int Recorded, TimeSpan LastRecorded, TimeSpan LagP50, TimeSpan LagP95, TimeSpan LagMax, TimeSpan EarlyBatchTime, TimeSpan LateBatchTime,
    IReadOnlyList<TimeSpan?> BatchRecorded)
{
    private const int BatchesCompared = 5;

    private const int PageSize = 1000;

    /// <summary>Past this many reports the stage is not read: paging a million incidents through ListIncidents took ten minutes.</summary>
    public const int MaxReportsRead = 200_000;

    /// <summary>Whether a run of <paramref name="reports"/> reports is too large to page through.</summary>
    public static bool SkippedFor(int reports) => reports > MaxReportsRead;

    public static async Task<RegistryStage?> ReadAsync(
        RegistryService.RegistryServiceClient registry, ReportWorkload workload, StreamOutcome stream, CancellationToken cancellationToken)
    {
        var positions = workload.Reports.Select((r, i) => (r.SourceRecordId, i)).ToDictionary(p => p.SourceRecordId, p => p.i);
        var period = new Vigia.Common.V1.Period
        {
            StartDate = new Google.Type.Date { Year = workload.FirstDay.Year, Month = workload.FirstDay.Month, Day = workload.FirstDay.Day },
            EndDate = new Google.Type.Date { Year = workload.LastDay.Year, Month = workload.LastDay.Month, Day = workload.LastDay.Day },
        };

        var lags = new List<TimeSpan>(workload.Reports.Count);
        var recordedAt = new SortedSet<DateTime>();
        var batchRecorded = new TimeSpan?[workload.Batches.Count];
        var last = TimeSpan.Zero;
        var pageToken = "";
        do
        {
            var page = await registry.ListIncidentsAsync(
                new ListIncidentsRequest { Period = period, PageSize = PageSize, PageToken = pageToken }, cancellationToken: cancellationToken);
            foreach (var incident in page.Incidents)
            {
                var report = incident.Sources.Select(s => positions.GetValueOrDefault(s.SourceRecordId, -1)).FirstOrDefault(p => p >= 0, -1);
                if (report < 0 || incident.CreateTime is null)
                {
                    continue;
                }

                recordedAt.Add(incident.CreateTime.ToDateTime());
                var recorded = incident.CreateTime.ToDateTime() - stream.StartedAtUtc;
                var accepted = Stopwatch.GetElapsedTime(stream.StartedAt, stream.AnsweredAt[report / workload.BatchSize]);
                lags.Add(recorded - accepted);
                var batch = report / workload.BatchSize;
                batchRecorded[batch] = batchRecorded[batch] is { } known && known > recorded ? known : recorded;
                last = recorded > last ? recorded : last;
            }

            pageToken = page.NextPageToken;
        }
        while (pageToken.Length > 0);

        if (lags.Count == 0)
        {
            return null;
        }

        // Every incident of a batch carries the batch's one timestamp: the gaps between them are batch times.
        var batchTimes = recordedAt.Zip(recordedAt.Skip(1), (a, b) => b - a).ToList();
        lags.Sort();
        return new RegistryStage(
            lags.Count, last, Reporting.Percentiles.Of(lags, 50), Reporting.Percentiles.Of(lags, 95), lags[^1],
            Median(batchTimes.Take(BatchesCompared)), Median(batchTimes.TakeLast(BatchesCompared)), batchRecorded);
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : Reporting.Percentiles.Of(sorted, 50);
    }
}
