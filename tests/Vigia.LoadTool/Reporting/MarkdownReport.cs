using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Vigia.LoadTool.Limits;
using Vigia.LoadTool.Platform;
using Vigia.LoadTool.Workload;

namespace Vigia.LoadTool.Reporting;

/// <summary>The run as the README shows it: the platform's figures, then each physical limit and the platform's share of it.</summary>
public static class MarkdownReport
{
    private static readonly CultureInfo s_culture = CultureInfo.InvariantCulture;

    public static string Write(string title, ReportWorkload workload, PlatformMeasurement? platform, IReadOnlyList<LimitMeasurement> limits, string command)
    {
        var text = new StringBuilder();
        text.AppendLine(s_culture, $"### {title}");
        text.AppendLine();
        text.AppendLine(s_culture, $"{workload.Reports.Count:N0} generated reports in batches of {workload.BatchSize}, {workload.Waves.Count} waves planted; " +
            $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine(s_culture, $"`{command}`");
        text.AppendLine();

        if (platform is not null)
        {
            WritePlatform(text, platform);
        }

        WriteLimits(text, limits, platform);
        return text.ToString();
    }

    private static void WritePlatform(StringBuilder text, PlatformMeasurement platform)
    {
        var stream = platform.Stream;
        text.AppendLine(s_culture, $"| {platform.Description} | |");
        text.AppendLine("|---|---|");
        text.AppendLine(s_culture, $"| reports accepted / duplicate / rejected | {stream.Accepted:N0} / {stream.Duplicates:N0} / {stream.Rejected:N0} |");
        text.AppendLine(s_culture, $"| ingestion throughput (first write → last batch accepted) | **{platform.IngestionRate:N0} reports/s** ({stream.Elapsed.TotalSeconds:F2} s) |");
        text.AppendLine(platform.EndToEnd is { } endToEnd
            ? string.Create(s_culture, $"| end-to-end throughput (first write → statistics counts the last report) | **{platform.EndToEndRate:N0} reports/s** ({endToEnd.TotalSeconds:F2} s) |")
            : string.Create(s_culture, $"| end-to-end throughput (first write → statistics counts the last report) | not reached: statistics counted {platform.CountedByStatistics:N0} |"));

        if (platform.Registry is { } registry)
        {
            text.AppendLine(s_culture, $"| registry recorded the last incident (its create_time) | {registry.LastRecorded.TotalSeconds:F2} s after the first write; batch accepted → incident recorded p50 {Ms(registry.LagP50)} · p95 {Ms(registry.LagP95)} · max {Ms(registry.LagMax)}; time per batch, first batches {Ms(registry.EarlyBatchTime)}, last batches {Ms(registry.LateBatchTime)} |");
        }
        else if (RegistryStage.SkippedFor(stream.Accepted))
        {
            text.AppendLine(s_culture, $"| registry recorded the last incident (its create_time) | not read: more than {RegistryStage.MaxReportsRead:N0} incidents to page through |");
        }

        var latencies = platform.Waves.Where(w => w.Latency is not null).Select(w => w.Latency!.Value).Order().ToList();
        text.AppendLine(latencies.Count > 0
            ? string.Create(s_culture, $"| alert latency, wave's last report accepted → alert received ({latencies.Count} of {platform.Waves.Count} waves) | p50 {Ms(Percentiles.Of(latencies, 50))} · p95 {Ms(Percentiles.Of(latencies, 95))} · p99 {Ms(Percentiles.Of(latencies, 99))} · max {Ms(latencies[^1])} |")
            : string.Create(s_culture, $"| alert latency | no alert received for any of {platform.Waves.Count} waves |"));

        WriteLive(text, "live report's alert during the bulk load, the report it followed (its wave's last, or one before it) sent → alert received", platform.LiveUnderLoad);
        if (platform.LiveRecordedUnderLoad is { Count: > 0 } recorded)
        {
            text.AppendLine(s_culture, $"| of which in front of the registry: that report sent → its incident's create_time ({recorded.Count} of {platform.LiveUnderLoad.Count} waves) | p50 {Ms(Percentiles.Of(recorded, 50))} · p99 {Ms(Percentiles.Of(recorded, 99))} · max {Ms(recorded[^1])} |");
        }

        WriteLive(text, "live report's alert on the idle platform, the report it followed sent → alert received", platform.LiveIdle);
        WriteLive(text, "the same, each report alone on the idle platform (sent once the platform had done with the one before)", platform.LiveAlone);
        if (platform.AloneStages is { Count: > 0 } stages)
        {
            var registered = stages.Select(s => s.Recorded).Order().ToList();
            var emitted = stages.Select(s => s.Emitted).Order().ToList();
            text.AppendLine(s_culture, $"| of which: that report sent → its incident's create_time; → its alert event's emitted_at (in the judge's pass, before its commit) ({stages.Count} of {platform.LiveAlone.Count} waves) | p50 {Ms(Percentiles.Of(registered, 50))} · p99 {Ms(Percentiles.Of(registered, 99))}; p50 {Ms(Percentiles.Of(emitted, 50))} · p99 {Ms(Percentiles.Of(emitted, 99))} |");
        }

        text.AppendLine(platform.PeakMemory.Count > 0
            ? string.Create(s_culture, $"| peak memory (VmHWM) | {string.Join(" · ", platform.PeakMemory.Select(p => $"{p.Process} {p.Bytes / (1024.0 * 1024.0):N0} MiB"))} |")
            : "| peak memory (VmHWM) | not measured (the tool did not start the processes) |");
        if (platform.CpuUsed.Count > 0)
        {
            var total = platform.CpuUsed.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Used);
            var reports = Math.Max(1, stream.Accepted);
            text.AppendLine(s_culture, $"| CPU time, first write → statistics counts the last report (user + system) | {string.Join(" · ", platform.CpuUsed.Select(p => $"{p.Process} {p.Used.TotalSeconds:N1} s"))}; **{total.TotalMilliseconds / reports:N2} ms per report**, {reports / total.TotalSeconds:N0} reports per CPU-second |");
        }

        foreach (var problem in platform.Problems)
        {
            text.AppendLine(s_culture, $"| ⚠ | {problem} |");
        }

        text.AppendLine();
    }

    private static void WriteLive(StringBuilder text, string row, IReadOnlyList<LiveLatency> waves)
    {
        if (waves.Count == 0)
        {
            return;
        }

        var latencies = waves.Where(w => w.Latency is not null).Select(w => w.Latency!.Value).Order().ToList();
        text.AppendLine(latencies.Count > 0
            ? string.Create(s_culture, $"| {row} ({latencies.Count} of {waves.Count} waves) | p50 {Ms(Percentiles.Of(latencies, 50))} · p99 {Ms(Percentiles.Of(latencies, 99))} · max {Ms(latencies[^1])} |")
            : string.Create(s_culture, $"| {row} | no alert received for any of {waves.Count} waves |"));
    }

    private static void WriteLimits(StringBuilder text, IReadOnlyList<LimitMeasurement> limits, PlatformMeasurement? platform)
    {
        if (limits.Count == 0)
        {
            return;
        }

        text.AppendLine("| physical limit, same records, same machine | records/s | platform end-to-end ÷ limit | platform ingestion ÷ limit |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var limit in limits)
        {
            if (limit.Unavailable is not null)
            {
                text.AppendLine(s_culture, $"| {limit.Path} | not measured: {limit.Unavailable} | | |");
                continue;
            }

            var endToEnd = platform?.EndToEndRate is { } e ? Ratio(e, limit.RecordsPerSecond) : "–";
            var ingestion = platform is not null ? Ratio(platform.IngestionRate, limit.RecordsPerSecond) : "–";
            text.AppendLine(s_culture, $"| {limit.Path} | {limit.RecordsPerSecond:N0} | {endToEnd} | {ingestion} |");
        }

        text.AppendLine();
    }

    private static string Ms(TimeSpan value) => string.Create(s_culture, $"{value.TotalMilliseconds:N0} ms");

    /// <summary>The platform's rate as a share of the limit's, e.g. "1.3 % (1/77)".</summary>
    private static string Ratio(double platform, double limit)
    {
        var percent = 100 * platform / limit;
        var share = percent switch
        {
            >= 10 => percent.ToString("F0", s_culture),
            >= 1 => percent.ToString("F1", s_culture),
            _ => percent.ToString("F2", s_culture),
        };
        var times = limit / platform;
        return string.Create(s_culture, $"{share} % (1/{(times >= 10 ? times.ToString("N0", s_culture) : times.ToString("F1", s_culture))})");
    }
}
