using System.Diagnostics;
using Vigia.Ingestion.V1;
using Vigia.LoadTool.Workload;

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
    public static async Task<IReadOnlyList<LiveLatency>> WaitForAlertsAsync(
        AlertListener alerts, IReadOnlyList<SentWave> sent, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var latencies = sent.Select(s => new LiveLatency(s.Wave, alerts.FirstCovering(PlatformRun.LiveRuleId, s.Wave.Day) is { } alert
                ? Stopwatch.GetElapsedTime(s.LastAnsweredAt, alert.ReceivedAt)
                : null)).ToList();
            if (latencies.All(l => l.Latency is not null) || Stopwatch.GetTimestamp() >= deadline || alerts.Failure is not null)
            {
                return latencies;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2), cancellationToken);
        }
    }

    private static async Task<SentWave> SendAsync(IngestionService.IngestionServiceClient ingestion, TrickleWave wave, CancellationToken cancellationToken)
    {
        foreach (var report in wave.Reports)
        {
            var answer = await ingestion.SubmitReportAsync(new SubmitReportRequest { Report = report }, cancellationToken: cancellationToken);
            if (answer.Status is not (ReportStatus.Accepted or ReportStatus.Recorded))
            {
                throw new InvalidOperationException($"Live report {report.SourceRecordId} was answered {answer.Status}.");
            }
        }

        return new SentWave(wave, Stopwatch.GetTimestamp());
    }
}

/// <summary>A live wave and when (a Stopwatch timestamp) its last report was answered.</summary>
public sealed record SentWave(TrickleWave Wave, long LastAnsweredAt);

/// <summary>A live wave and how long after its last report was answered its alert arrived (null: never).</summary>
public sealed record LiveLatency(TrickleWave Wave, TimeSpan? Latency);
