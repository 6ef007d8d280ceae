using System.Diagnostics;
using Vigia.Ingestion.V1;
using Vigia.LoadTool.Workload;
using Vigia.Registry.V1;

namespace Vigia.LoadTool.Platform;

/// <summary>
/// Live traffic beside the bulk load: waves whose reports go one at a time through SubmitReport, as a desk types in
/// the day's bulletins. Each wave is timed from the answer to its last report to its alert.
/// </summary>
public static class LiveTraffic
{
    /// <summary>Sends a wave, then waits <paramref name="pause"/>, for as long as <paramref name="load"/> runs.</summary>
    public static async Task<IReadOnlyList<SentWave>> SendDuringAsync(
        IngestionService.IngestionServiceClient ingestion, IReadOnlyList<TrickleWave> waves, Task load, TimeSpan pause, CancellationToken cancellationToken)
    {
        var sent = new List<SentWave>();
        foreach (var wave in waves)
        {
            if (load.IsCompleted)
            {
                break;
            }

            sent.Add(await SendAsync(ingestion, wave, cancellationToken));
            await Task.WhenAny(load, Task.Delay(pause, cancellationToken));
        }

        return sent;
    }

    /// <summary>Sends each wave on an otherwise idle platform, waiting for its alert (or the timeout) before the next.</summary>
    public static async Task<IReadOnlyList<LiveLatency>> SendIdleAsync(
        IngestionService.IngestionServiceClient ingestion, AlertListener alerts, IReadOnlyList<TrickleWave> waves, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var latencies = new List<LiveLatency>();
        foreach (var wave in waves)
        {
            var sent = await SendAsync(ingestion, wave, cancellationToken);
            latencies.AddRange(await WaitForAlertsAsync(alerts, [sent], timeout, cancellationToken));
        }

        return latencies;
    }

    /// <summary>Waits until every sent wave has its alert (<see cref="AlertListener.FirstCovering"/>) or the timeout passes.</summary>
    public static Task<IReadOnlyList<LiveLatency>> WaitForAlertsAsync(
        AlertListener alerts, IReadOnlyList<SentWave> sent, TimeSpan timeout, CancellationToken cancellationToken) =>
        alerts.WaitUntilAsync<LiveLatency>(
            () => [.. sent.Select(s => new LiveLatency(s.Wave, alerts.FirstCovering(PlatformRun.LiveRuleId, s.Wave.Day) is { } alert
                ? Stopwatch.GetElapsedTime(s.LastAnsweredAt, alert.ReceivedAt)
                : null))],
            l => l.Latency is not null, timeout, cancellationToken);

    /// <summary>
    /// How long after its answer the registry recorded each wave's last report: the create_time of the incident it
    /// became (a live report is an incident of its own: its source never merges with itself), against the answer's
    /// time on this machine's clock, which the services share. A report not recorded yet is left out.
    /// </summary>
    public static async Task<IReadOnlyList<TimeSpan>> RecordedAfterAsync(
        IngestionService.IngestionServiceClient ingestion, RegistryService.RegistryServiceClient registry, IReadOnlyList<SentWave> sent,
        CancellationToken cancellationToken)
    {
        var lags = new List<TimeSpan>(sent.Count);
        foreach (var wave in sent)
        {
            var report = (await ingestion.GetReportAsync(new GetReportRequest { ReportId = wave.LastReportId }, cancellationToken: cancellationToken)).Report;
            if (report.IncidentId.Length > 0)
            {
                var incident = (await registry.GetIncidentAsync(new GetIncidentRequest { IncidentId = report.IncidentId }, cancellationToken: cancellationToken)).Incident;
                lags.Add(incident.CreateTime.ToDateTime() - wave.LastAnsweredAtUtc);
            }
        }

        lags.Sort();
        return lags;
    }

    private static async Task<SentWave> SendAsync(IngestionService.IngestionServiceClient ingestion, TrickleWave wave, CancellationToken cancellationToken)
    {
        var last = "";
        foreach (var report in wave.Reports)
        {
            var answer = await ingestion.SubmitReportAsync(new SubmitReportRequest { Report = report }, cancellationToken: cancellationToken);
            if (answer.Status is not (ReportStatus.Accepted or ReportStatus.Recorded))
            {
                throw new InvalidOperationException($"Live report {report.SourceRecordId} was answered {answer.Status}.");
            }

            last = answer.ReportId;
        }

        return new SentWave(wave, Stopwatch.GetTimestamp(), DateTime.UtcNow, last);
    }
}

/// <summary>A live wave, when its last report was answered (a Stopwatch timestamp, and in UTC) and that report's id.</summary>
public sealed record SentWave(TrickleWave Wave, long LastAnsweredAt, DateTime LastAnsweredAtUtc, string LastReportId);

/// <summary>A live wave and how long after its last report was answered its alert arrived (null: never).</summary>
public sealed record LiveLatency(TrickleWave Wave, TimeSpan? Latency);
