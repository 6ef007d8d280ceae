using System.Diagnostics;
using Vigia.Ingestion.V1;
using Vigia.LoadTool.Workload;
using Vigia.Registry.V1;

namespace Vigia.LoadTool.Platform;

/// <summary>
/// Live traffic beside the bulk load: waves whose reports go one at a time through SubmitReport, as a desk types in
/// the day's bulletins. Each wave is timed from the sending of its last report, the one that completes it, to its
/// alert: the desk's view. (Timed from that report's answer, as the tool did until the twenty-ninth session, a wave
/// could show its alert before the answer: SubmitReport answers after the commit's hand-over to the bus, and on an idle
/// platform the rest of the pipeline sometimes ran faster than the answer came back.)
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
                ? Stopwatch.GetElapsedTime(s.LastSentAt, alert.ReceivedAt)
                : null, s.LastSubmitTook))],
            l => l.Latency is not null, timeout, cancellationToken);

    /// <summary>
    /// How long after it was sent the registry recorded each wave's last report: the create_time of the incident it
    /// became (a live report is an incident of its own: its source never merges with itself), against the sending's
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
                lags.Add(incident.CreateTime.ToDateTime() - wave.LastSentAtUtc);
            }
        }

        lags.Sort();
        return lags;
    }

    private static async Task<SentWave> SendAsync(IngestionService.IngestionServiceClient ingestion, TrickleWave wave, CancellationToken cancellationToken)
    {
        var last = "";
        var (sentAt, sentAtUtc) = (0L, DateTime.MinValue);
        foreach (var report in wave.Reports)
        {
            (sentAt, sentAtUtc) = (Stopwatch.GetTimestamp(), DateTime.UtcNow);
            var answer = await ingestion.SubmitReportAsync(new SubmitReportRequest { Report = report }, cancellationToken: cancellationToken);
            if (answer.Status is not (ReportStatus.Accepted or ReportStatus.Recorded))
            {
                throw new InvalidOperationException($"Live report {report.SourceRecordId} was answered {answer.Status}.");
            }

            last = answer.ReportId;
        }

        return new SentWave(wave, sentAt, sentAtUtc, Stopwatch.GetTimestamp(), last);
    }
}

/// <summary>A live wave: when its last report was sent (a Stopwatch timestamp, and in UTC) and answered, and that report's id.</summary>
public sealed record SentWave(TrickleWave Wave, long LastSentAt, DateTime LastSentAtUtc, long LastAnsweredAt, string LastReportId)
{
    public TimeSpan LastSubmitTook => Stopwatch.GetElapsedTime(LastSentAt, LastAnsweredAt);
}

/// <summary>A live wave, how long after its last report was sent its alert arrived (null: never), and how long that report's SubmitReport took.</summary>
public sealed record LiveLatency(TrickleWave Wave, TimeSpan? Latency, TimeSpan LastSubmitTook);
