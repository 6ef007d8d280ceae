using System.Diagnostics;
using Grpc.Core;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.LoadTool.Streaming;
using Vigia.LoadTool.Workload;
using Vigia.Registry.V1;
using Vigia.Statistics.V1;

namespace Vigia.LoadTool.Platform;

/// <summary>
/// Drives the platform: subscribes to alerts, warms it up on reports from before the measured period and on live waves
/// until alerting has alerted on them, streams the workload, then watches statistics until it counts every accepted
/// report and the alerts until every planted wave has been announced.
/// </summary>
public sealed class PlatformRun(IPlatformUnderTest platform, PlatformRunSettings settings)
{
    /// <summary>The rule alerting ships enabled: 3+ killings of relatives of security forces within 2 days, per country.</summary>
    public const string DefaultRuleId = "security-force-relatives-killed";

    /// <summary>The rule the tool adds for its live waves: 3+ homicides of prison officers within 2 days, in El Salvador.</summary>
    public const string LiveRuleId = "loadtool-prison-officers-killed";

    // Between two live waves during the bulk load.
    private static readonly TimeSpan s_livePause = TimeSpan.FromMilliseconds(500);

    // Before each report of a wave sent alone: longer than a lone report's whole path on either target (p99 under 100 ms).
    private static readonly TimeSpan s_aloneGap = TimeSpan.FromMilliseconds(300);

    public async Task<PlatformMeasurement> MeasureAsync(
        ReportWorkload workload, Warmup warmup, IReadOnlyList<TrickleWave> liveUnderLoad, IReadOnlyList<TrickleWave> liveIdle,
        IReadOnlyList<TrickleWave> liveAlone, CancellationToken cancellationToken)
    {
        using var ingestionChannel = GrpcChannels.For(platform.Ingestion, platform.BearerToken);
        using var statisticsChannel = GrpcChannels.For(platform.Statistics, platform.BearerToken);
        using var alertingChannel = GrpcChannels.For(platform.Alerting, platform.BearerToken);
        var ingestion = new IngestionService.IngestionServiceClient(ingestionChannel);
        var statistics = new StatisticsProbe(new StatisticsService.StatisticsServiceClient(statisticsChannel));
        await using var alerts = new AlertListener(new AlertingService.AlertingServiceClient(alertingChannel));
        var problems = new List<string>();
        await alerts.WaitUntilSubscribedAsync(TimeSpan.FromSeconds(30), cancellationToken);
        if (liveUnderLoad.Count + liveIdle.Count + warmup.LiveWaves.Count > 0)
        {
            await AddLiveRuleAsync(new AlertingService.AlertingServiceClient(alertingChannel), cancellationToken);
        }

        // Reports already counted over the period (a platform the tool attached to may hold some).
        var before = await statistics.CountIncidentsAsync(workload.FirstDay, workload.LastDay, cancellationToken);
        if (warmup.Reports is { } warmupReports)
        {
            settings.Log($"warming up on {warmupReports.Reports.Count} reports dated {warmupReports.FirstDay:yyyy-MM-dd}..{warmupReports.LastDay:yyyy-MM-dd}");
            var warmupBefore = await statistics.CountIncidentsAsync(warmupReports.FirstDay, warmupReports.LastDay, cancellationToken);
            var warm = await ReportStreamer.StreamAsync(ingestion, warmupReports.Batches, cancellationToken);
            var (warmed, _) = await WaitForCountAsync(statistics, warmupReports, warmupBefore + warm.Accepted, cancellationToken);
            if (warmed is null)
            {
                problems.Add("statistics never counted the whole warm-up");
            }

            // Alerting warmed too, or its first passes (the judge's code compiled, its first calls to statistics) land
            // in the measured load: one live wave after another, each waiting for its alert; the first pays for the
            // start, the second shows it paid. The judge takes small messages first, so the warm-up's batches may be
            // judged after them, at the latest in the first pass of the load.
            var warmAlerts = await LiveTraffic.SendIdleAsync(ingestion, alerts, warmup.LiveWaves, settings.AlertTimeout, TimeSpan.Zero, cancellationToken);
            settings.Log($"alerting warmed: the warm-up's live waves alerted after {string.Join(", ", warmAlerts.Select(a => a.Latency is { } l ? $"{l.TotalMilliseconds:F0} ms" : "never"))}");
            if (warmAlerts.Any(a => a.Latency is null))
            {
                problems.Add("alerting raised no alert on a warm-up live wave");
            }
        }

        settings.Log($"streaming {workload.Reports.Count} reports in batches of {workload.BatchSize}, {workload.Waves.Count} waves planted");
        var cpuBefore = platform.CpuTime();
        var streaming = ReportStreamer.StreamAsync(ingestion, workload.Batches, cancellationToken);
        var live = await LiveTraffic.SendDuringAsync(ingestion, liveUnderLoad, streaming, s_livePause, cancellationToken);
        var stream = await streaming;
        settings.Log($"{live.Count} live waves sent one report at a time during the bulk load");
        settings.Log($"ingestion answered every batch after {stream.Elapsed.TotalSeconds:F1} s ({stream.Accepted} accepted, {stream.Duplicates} duplicates, {stream.Rejected} rejected)");
        if (stream.FirstRejection is not null)
        {
            problems.Add($"{stream.Rejected} reports rejected, e.g. {stream.FirstRejection}");
        }

        var liveAccepted = live.Sum(w => w.Wave.Reports.Count);
        var (reachedAt, counted) = await WaitForCountAsync(statistics, workload, before + stream.Accepted + liveAccepted, cancellationToken);
        TimeSpan? endToEnd = reachedAt is { } at ? Stopwatch.GetElapsedTime(stream.StartedAt, at) : null;
        var cpuUsed = CpuSince(cpuBefore);
        settings.Log(endToEnd is { } e
            ? $"statistics counted every accepted report after {e.TotalSeconds:F1} s"
            : $"statistics counted {counted - before} of {stream.Accepted + liveAccepted} within {settings.SettleTimeout.TotalSeconds:F0} s");
        if (endToEnd is null)
        {
            problems.Add($"statistics counted {counted - before} of {stream.Accepted + liveAccepted} accepted reports within {settings.SettleTimeout.TotalSeconds:F0} s of the last acceptance");
        }

        var waves = await WaitForWavesAsync(alerts, workload, stream, cancellationToken);
        if (alerts.Failure is not null)
        {
            problems.Add($"the alert subscription failed: {alerts.Failure.Message}");
        }

        var missed = waves.Count(w => w.Latency is null);
        if (missed > 0)
        {
            problems.Add($"{missed} of {waves.Count} planted waves raised no alert within {settings.AlertTimeout.TotalSeconds:F0} s of statistics settling");
        }

        var joined = workload.Waves.Count(w => alerts.FirstCovering(DefaultRuleId, w.Day)?.Event.Kind is AlertEventKind.Updated or AlertEventKind.Reopened);
        if (joined > 0)
        {
            // Every report goes in now, so those of the last 60 days teach alerting a reporting delay of weeks (docs/live-path.md).
            settings.Log($"{joined} of {waves.Count} planted waves fell inside the reporting delay learned from this run's recent days and joined the alert open before them");
        }

        var liveLatencies = await LiveTraffic.WaitForAlertsAsync(alerts, live, settings.AlertTimeout, cancellationToken);
        settings.Log($"sending {liveIdle.Count} live waves one report at a time on the idle platform");
        var idleCpuBefore = platform.CpuTime();
        var idleStarted = Stopwatch.GetTimestamp();
        var idleLatencies = await LiveTraffic.SendIdleAsync(ingestion, alerts, liveIdle, settings.AlertTimeout, TimeSpan.Zero, cancellationToken);
        LogCpuShare("the idle waves", idleCpuBefore, Stopwatch.GetElapsedTime(idleStarted));
        settings.Log($"sending {liveAlone.Count} live waves on the idle platform, each report alone ({s_aloneGap.TotalMilliseconds:F0} ms after the one before)");
        var aloneLatencies = await LiveTraffic.SendIdleAsync(ingestion, alerts, liveAlone, settings.AlertTimeout, s_aloneGap, cancellationToken);
        var liveIncidents = await LiveTraffic.IncidentsOfAsync(ingestion, liveLatencies.Concat(idleLatencies).Concat(aloneLatencies).Select(l => l.Sent), cancellationToken);
        liveLatencies = LiveTraffic.Attribute(liveLatencies, liveIncidents);
        idleLatencies = LiveTraffic.Attribute(idleLatencies, liveIncidents);
        aloneLatencies = LiveTraffic.Attribute(aloneLatencies, liveIncidents);
        settings.Log($"idle waves, report sent → alert (which of the wave's reports, its SubmitReport): {Describe(idleLatencies)} ms");
        settings.Log($"idle waves, each report alone, report sent → alert: {Describe(aloneLatencies)} ms");
        var missedLive = liveLatencies.Concat(idleLatencies).Concat(aloneLatencies).Count(l => l.Latency is null);
        if (missedLive > 0)
        {
            problems.Add($"{missedLive} of {liveLatencies.Count + idleLatencies.Count + aloneLatencies.Count} live waves raised no alert within {settings.AlertTimeout.TotalSeconds:F0} s");
        }

        var peakMemory = platform.PeakMemory();
        RegistryStage? registry = null;
        IReadOnlyList<TimeSpan> liveRecorded = [];
        IReadOnlyList<LiveStages> aloneStages = [];
        if (platform.Registry is { } registryAddress)
        {
            using var registryChannel = GrpcChannels.For(registryAddress, platform.BearerToken);
            var registryClient = new RegistryService.RegistryServiceClient(registryChannel);
            liveRecorded = [.. (await LiveTraffic.RecordedAfterAsync(registryClient, liveLatencies.Select(l => l.Followed), liveIncidents, cancellationToken)).Order()];
            var idleRecorded = await LiveTraffic.RecordedAfterAsync(registryClient, idleLatencies.Select(l => l.Followed), liveIncidents, cancellationToken);
            settings.Log($"idle waves, the same report sent → the registry recorded it: {string.Join(", ", idleRecorded.Select(l => $"{l.TotalMilliseconds:F0}"))} ms");
            aloneStages = await LiveTraffic.StagesAsync(registryClient, aloneLatencies, liveIncidents, cancellationToken);
            settings.Log($"idle waves, each report alone, the same report sent → the registry recorded it · its alert emitted · received: {string.Join(", ", aloneStages.Select(s => $"{s.Recorded.TotalMilliseconds:F0} · {s.Emitted.TotalMilliseconds:F0} · {s.Received.TotalMilliseconds:F0}"))} ms");
            if (RegistryStage.SkippedFor(workload.Reports.Count))
            {
                settings.Log($"registry stage not read: paging {workload.Reports.Count:N0} incidents through ListIncidents would take minutes");
            }
            else
            {
                registry = await RegistryStage.ReadAsync(registryClient, workload, stream, cancellationToken);
            }
        }

        LogWaveTimeline(waves, stream, registry);

        return new PlatformMeasurement(
            platform.Description, stream, endToEnd, counted - before, waves, liveLatencies, liveRecorded, idleLatencies, aloneLatencies, aloneStages, registry, peakMemory, cpuUsed, problems);
    }

    private static string Describe(IEnumerable<LiveLatency> latencies) =>
        string.Join(", ", latencies.Select(l => $"{(l.Latency is { } t ? $"{t.TotalMilliseconds:F0}" : "none")} (#{l.Followed.Position}, {l.Followed.SubmitTook.TotalMilliseconds:F0})"));

    /// <summary>
    /// How busy the services were over a phase, in cores: an "idle" platform still busy with the bulk load's tail
    /// measures that tail, not a report's path.
    /// </summary>
    private void LogCpuShare(string phase, IReadOnlyList<ProcessCpuTime> before, TimeSpan elapsed)
    {
        var used = CpuSince(before);
        if (used.Count > 0 && elapsed > TimeSpan.Zero)
        {
            settings.Log($"CPU over {phase} ({elapsed.TotalSeconds:F1} s): {string.Join(" · ", used.Select(u => $"{u.Process} {u.Used / elapsed:F2} cores"))}");
        }
    }

    /// <summary>Each service process's CPU time since <paramref name="before"/>.</summary>
    private List<ProcessCpuTime> CpuSince(IReadOnlyList<ProcessCpuTime> before) =>
        [.. platform.CpuTime().Select(after => after with { Used = after.Used - (before.FirstOrDefault(b => b.Process == after.Process)?.Used ?? TimeSpan.Zero) })];

    /// <summary>The live waves' rule, in a series of their own (a platform the tool attached to may hold it from a run before).</summary>
    private static async Task AddLiveRuleAsync(AlertingService.AlertingServiceClient alerting, CancellationToken cancellationToken)
    {
        try
        {
            await alerting.CreateRuleAsync(new CreateRuleRequest
            {
                Rule = new Rule
                {
                    RuleId = LiveRuleId,
                    DisplayName = "Load tool: prison officers killed (live waves)",
                    Selector = new Selector
                    {
                        CountryCodes = { "SV" },
                        IncidentTypes = { IncidentType.Homicide },
                        VictimCategories = { VictimCategory.PrisonOfficer },
                    },
                    Measure = Measure.Victims,
                    GroupBy = GroupBy.Country,
                    Detector = new Detector { Threshold = new Threshold { Count = 3, WindowDays = 2 } },
                    Enabled = true,
                },
            }, cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
        }
    }

    /// <summary>Each wave's way through the platform, to see which stage its alert waited on.</summary>
    private void LogWaveTimeline(IReadOnlyList<WaveLatency> waves, StreamOutcome stream, RegistryStage? registry)
    {
        foreach (var wave in waves)
        {
            var batch = wave.Wave.BatchIndex;
            var accepted = Stopwatch.GetElapsedTime(stream.StartedAt, stream.AnsweredAt[batch]);
            var recorded = registry?.BatchRecorded[batch] is { } r ? $"{r.TotalSeconds:F1} s" : "?";
            var alerted = wave.Latency is { } l ? $"{(accepted + l).TotalSeconds:F1} s" : "never";
            settings.Log($"  wave {wave.Wave.Number,2} ({wave.Wave.Day:yyyy-MM-dd}, batch {batch + 1}): accepted {accepted.TotalSeconds:F1} s, registry recorded {recorded}, alert received {alerted}");
        }
    }

    /// <summary>Polls statistics until it counts <paramref name="expected"/> incidents over the workload's days.</summary>
    private async Task<(long? ReachedAt, long Counted)> WaitForCountAsync(StatisticsProbe statistics, ReportWorkload workload, long expected, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(settings.SettleTimeout.TotalSeconds * Stopwatch.Frequency);
        long counted = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            counted = await statistics.CountIncidentsAsync(workload.FirstDay, workload.LastDay, cancellationToken);
            if (counted >= expected)
            {
                return (Stopwatch.GetTimestamp(), counted);
            }

            await Task.Delay(settings.PollInterval, cancellationToken);
        }

        return (null, counted);
    }

    /// <summary>Waits until each planted wave has its alert (<see cref="AlertListener.FirstCovering"/>), and times each against its batch's acceptance.</summary>
    private Task<IReadOnlyList<WaveLatency>> WaitForWavesAsync(AlertListener alerts, ReportWorkload workload, StreamOutcome stream, CancellationToken cancellationToken) =>
        alerts.WaitUntilAsync<WaveLatency>(
            () => [.. workload.Waves.Select(w => new WaveLatency(w, LatencyOf(w, alerts, stream)))],
            l => l.Latency is not null, settings.AlertTimeout, cancellationToken);

    private static TimeSpan? LatencyOf(PlantedWave wave, AlertListener alerts, StreamOutcome stream) =>
        alerts.FirstCovering(DefaultRuleId, wave.Day) is { } alert ? Stopwatch.GetElapsedTime(stream.AnsweredAt[wave.BatchIndex], alert.ReceivedAt) : null;
}
