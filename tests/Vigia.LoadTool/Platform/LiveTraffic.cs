using System.Diagnostics;
using Vigia.Ingestion.V1;
using Vigia.LoadTool.Workload;
using Vigia.Registry.V1;

namespace Vigia.LoadTool.Platform;

/// <summary>
/// Live traffic beside the bulk load: waves whose reports go one at a time through SubmitReport, as a desk types in
/// the day's bulletins. Each wave is timed from the sending of the report its alert followed to the alert: the desk's
/// view. That is the wave's last report, which completes it, unless the wave's day falls inside the reporting delay
/// alerting learned and an alert still open from the waves before grows over the day with the wave's first or second
/// report (the last waves of a run; until the thirtieth session they were timed from their last report anyway and
/// showed 0–2 ms or less). Timed from a report's answer, as the tool did until the twenty-ninth session, a wave could
/// show its alert before the answer: SubmitReport answers after the commit's hand-over to the bus.
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

            sent.Add(await SendAsync(ingestion, wave, TimeSpan.Zero, cancellationToken));
            await Task.WhenAny(load, Task.Delay(pause, cancellationToken));
        }

        return sent;
    }

    /// <summary>
    /// Sends each wave on an otherwise idle platform, waiting for its alert (or the timeout) before the next. With a
    /// <paramref name="gap"/>, every report is sent that long after the one before (the previous wave's last too, whose
    /// alert may come before the platform has done with it: its delivery marks, its ReportsRecorded, the alert's own
    /// hand-over), so the report the alert follows runs its path alone, where back to back it shares the two cores with
    /// the wave's earlier reports, still on their way.
    /// </summary>
    public static async Task<IReadOnlyList<LiveLatency>> SendIdleAsync(
        IngestionService.IngestionServiceClient ingestion, AlertListener alerts, IReadOnlyList<TrickleWave> waves, TimeSpan timeout, TimeSpan gap,
        CancellationToken cancellationToken)
    {
        var latencies = new List<LiveLatency>();
        foreach (var wave in waves)
        {
            var sent = await SendAsync(ingestion, wave, gap, cancellationToken);
            latencies.AddRange(await WaitForAlertsAsync(alerts, [sent], timeout, cancellationToken));
        }

        return latencies;
    }

    /// <summary>Waits until every sent wave has its alert (<see cref="AlertListener.FirstCovering"/>) or the timeout passes.</summary>
    public static Task<IReadOnlyList<LiveLatency>> WaitForAlertsAsync(
        AlertListener alerts, IReadOnlyList<SentWave> sent, TimeSpan timeout, CancellationToken cancellationToken) =>
        alerts.WaitUntilAsync<LiveLatency>(
            () => [.. sent.Select(s => LatencyOf(s, alerts.FirstCovering(PlatformRun.LiveRuleId, s.Wave.Day, after: s.Reports[0].SentAt)))],
            l => l.Latency is not null, timeout, cancellationToken);

    /// <summary>
    /// Which incident each sent report became, as ingestion knows it once the run is over (a report not recorded yet
    /// is left out): asked once, for the attribution and for the registry's record times.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> IncidentsOfAsync(
        IngestionService.IngestionServiceClient ingestion, IEnumerable<SentWave> waves, CancellationToken cancellationToken)
    {
        var incidents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var report in waves.SelectMany(w => w.Reports))
        {
            var incidentId = (await ingestion.GetReportAsync(new GetReportRequest { ReportId = report.ReportId }, cancellationToken: cancellationToken)).Report.IncidentId;
            if (incidentId.Length > 0)
            {
                incidents[report.ReportId] = incidentId;
            }
        }

        return incidents;
    }

    /// <summary>
    /// Times each wave's alert from the report it followed: the last of the wave's reports whose incident the alert
    /// event lists (its incident_ids are every incident of the series in its window). Until then a wave is timed from
    /// the last report sent before its alert arrived, which may be a report the alert did not yet count (sent while
    /// the one before it was still on its way). A report whose incident is not known counts as not listed.
    /// </summary>
    public static IReadOnlyList<LiveLatency> Attribute(IReadOnlyList<LiveLatency> latencies, IReadOnlyDictionary<string, string> incidents) =>
        [.. latencies.Select(latency =>
            latency.Alert is { } alert
            && latency.Sent.Reports.LastOrDefault(r => incidents.TryGetValue(r.ReportId, out var incidentId) && alert.Event.IncidentIds.Contains(incidentId)) is { } followed
                ? latency with { Latency = Stopwatch.GetElapsedTime(followed.SentAt, alert.ReceivedAt), Followed = followed }
                : latency)];

    /// <summary>The wave's alert against the sending of the last of its reports sent before the alert arrived.</summary>
    private static LiveLatency LatencyOf(SentWave wave, ReceivedAlert? alert)
    {
        if (alert is null)
        {
            return new LiveLatency(wave, null, wave.Reports[^1], null);
        }

        var followed = wave.Reports.Last(r => r.SentAt < alert.ReceivedAt);
        return new LiveLatency(wave, Stopwatch.GetElapsedTime(followed.SentAt, alert.ReceivedAt), followed, alert);
    }

    /// <summary>
    /// How long after it was sent the registry recorded each report: the create_time of the incident it became (a live
    /// report is an incident of its own: its source never merges with itself), against the sending's time on this
    /// machine's clock, which the services share. A report not recorded yet is left out.
    /// </summary>
    public static async Task<IReadOnlyList<TimeSpan>> RecordedAfterAsync(
        RegistryService.RegistryServiceClient registry, IEnumerable<SentReport> sent, IReadOnlyDictionary<string, string> incidents,
        CancellationToken cancellationToken)
    {
        var lags = new List<TimeSpan>();
        foreach (var sentReport in sent)
        {
            if (incidents.TryGetValue(sentReport.ReportId, out var incidentId))
            {
                lags.Add(await RecordedAfterAsync(registry, sentReport, incidentId, cancellationToken));
            }
        }

        return lags;
    }

    /// <summary>
    /// For each wave with an alert, the report it followed sent → the registry recorded it (its incident's create_time),
    /// → the alert event emitted (its emitted_at, set in the judge's pass before the pass commits) and → the event received:
    /// where that report's time went, on the machine's one clock, which the services and the tool share. A wave whose
    /// report's incident is not known is left out.
    /// </summary>
    public static async Task<IReadOnlyList<LiveStages>> StagesAsync(
        RegistryService.RegistryServiceClient registry, IReadOnlyList<LiveLatency> latencies, IReadOnlyDictionary<string, string> incidents,
        CancellationToken cancellationToken)
    {
        var stages = new List<LiveStages>();
        foreach (var latency in latencies)
        {
            if (latency is { Latency: { } received, Alert: { } alert } && incidents.TryGetValue(latency.Followed.ReportId, out var incidentId))
            {
                stages.Add(new LiveStages(
                    await RecordedAfterAsync(registry, latency.Followed, incidentId, cancellationToken),
                    alert.Event.EmittedAt.ToDateTime() - latency.Followed.SentAtUtc, received));
            }
        }

        return stages;
    }

    /// <summary>The report sent → the create_time of the incident it became.</summary>
    private static async Task<TimeSpan> RecordedAfterAsync(
        RegistryService.RegistryServiceClient registry, SentReport sent, string incidentId, CancellationToken cancellationToken)
    {
        var incident = (await registry.GetIncidentAsync(new GetIncidentRequest { IncidentId = incidentId }, cancellationToken: cancellationToken)).Incident;
        return incident.CreateTime.ToDateTime() - sent.SentAtUtc;
    }

    private static async Task<SentWave> SendAsync(IngestionService.IngestionServiceClient ingestion, TrickleWave wave, TimeSpan gap, CancellationToken cancellationToken)
    {
        var sent = new List<SentReport>(wave.Reports.Count);
        foreach (var report in wave.Reports)
        {
            if (gap > TimeSpan.Zero)
            {
                await Task.Delay(gap, cancellationToken);
            }

            var (sentAt, sentAtUtc) = (Stopwatch.GetTimestamp(), DateTime.UtcNow);
            var answer = await ingestion.SubmitReportAsync(new SubmitReportRequest { Report = report }, cancellationToken: cancellationToken);
            if (answer.Status is not (ReportStatus.Accepted or ReportStatus.Recorded))
            {
                throw new InvalidOperationException($"Live report {report.SourceRecordId} was answered {answer.Status}.");
            }

            sent.Add(new SentReport(sent.Count + 1, sentAt, sentAtUtc, Stopwatch.GetTimestamp(), answer.ReportId));
        }

        return new SentWave(wave, sent);
    }
}

/// <summary>A live report sent → the registry recorded it, → its alert event emitted, → the event received.</summary>
public sealed record LiveStages(TimeSpan Recorded, TimeSpan Emitted, TimeSpan Received);

/// <summary>A live wave's reports as they were sent, in order.</summary>
public sealed record SentWave(TrickleWave Wave, IReadOnlyList<SentReport> Reports);

/// <summary>One report of a live wave: its place in the wave (1-based), when it was sent (a Stopwatch timestamp, and in UTC) and answered, and its id.</summary>
public sealed record SentReport(int Position, long SentAt, DateTime SentAtUtc, long AnsweredAt, string ReportId)
{
    public TimeSpan SubmitTook => Stopwatch.GetElapsedTime(SentAt, AnsweredAt);
}

/// <summary>
/// A live wave, how long after the sending of the report it followed its alert arrived (null: never), that report
/// (the wave's last when there was no alert) and the alert event.
/// </summary>
public sealed record LiveLatency(SentWave Sent, TimeSpan? Latency, SentReport Followed, ReceivedAlert? Alert)
{
    public TrickleWave Wave => Sent.Wave;
}
