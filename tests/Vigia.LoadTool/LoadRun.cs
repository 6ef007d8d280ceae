using Vigia.LoadTool.Limits;
using Vigia.LoadTool.Platform;
using Vigia.LoadTool.Queries;
using Vigia.LoadTool.Reporting;
using Vigia.LoadTool.Workload;

namespace Vigia.LoadTool;

/// <summary>
/// One run: generate the records, measure the physical limits on them (before the platform starts, so
/// nothing else competes for the cores), then drive the platform with the same records and print both.
/// </summary>
public static class LoadRun
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task<int> RunAsync(LoadToolOptions options, CancellationToken cancellationToken)
    {
        if (options.Queries)
        {
            var queries = await QueryLatencyRun.RunAsync(options, Log, cancellationToken);
            Console.WriteLine(queries);
            if (options.MarkdownPath is { } queriesPath)
            {
                await File.WriteAllTextAsync(queriesPath, queries, cancellationToken);
                Log($"wrote {queriesPath}");
            }

            return 0;
        }

        var runTag = $"load-{DateTime.UtcNow:yyyyMMddHHmmss}";
        Log($"generating {options.Reports:N0} reports (seed {options.Seed})");
        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var workload = new WorkloadGenerator(options.Seed, runTag).Generate(options.Reports, options.Batch, options.Waves, lastDay, options.Days);
        ReportWorkload? warmup = null;
        IReadOnlyList<TrickleWave> liveWarmup = [];
        if (options.Warmup > 0)
        {
            // Dated before the measured period, so they neither count in it nor touch its waves.
            var warmupDays = Math.Max(30, options.Warmup / 100);
            warmup = new WorkloadGenerator(options.Seed + 1, $"{runTag}-warmup").Generate(options.Warmup, options.Batch, 0, workload.FirstDay.AddDays(-1), warmupDays);
            liveWarmup = new WorkloadGenerator(options.Seed + 3, $"{runTag}-warmup-live").TrickleWaves(2, warmup);
        }

        // Live waves in a series of their own, on the last weeks of the measured period: a third during the bulk load, a
        // third on the idle platform back to back, a third with each report alone on it.
        var live = new WorkloadGenerator(options.Seed + 2, $"{runTag}-live").TrickleWaves(3 * options.LiveWaves, workload);
        var liveUnderLoad = live.Take(live.Count / 3).ToList();
        var liveIdle = live.Skip(live.Count / 3).Take(live.Count / 3).ToList();
        var liveAlone = live.Skip(2 * (live.Count / 3)).ToList();

        var limits = new List<LimitMeasurement>();
        if (options.MeasureLimits)
        {
            Log("measuring the physical limits on the same records");
            limits.AddRange(await BareGrpcLimit.MeasureAsync(workload, [1, 100, options.Batch], cancellationToken));
            limits.Add(await PostgresCopyLimit.MeasureAsync(workload, options.PostgresConnectionString, cancellationToken));
            limits.AddRange(await RabbitMqPublishLimit.MeasureAsync(workload, options.RabbitMqUri, cancellationToken));
            foreach (var limit in limits)
            {
                Log(limit.Unavailable is null ? $"  {limit.Path}: {limit.RecordsPerSecond:N0} records/s" : $"  {limit.Path}: {limit.Unavailable}");
            }
        }

        PlatformMeasurement? platform = null;
        if (options.MeasurePlatform)
        {
            Log($"starting the platform ({Describe(options)})");
            await using var running = await StartAsync(options, cancellationToken);
            var settings = new PlatformRunSettings(options.SettleTimeout, options.AlertTimeout, s_pollInterval, Log);
            platform = await new PlatformRun(running, settings).MeasureAsync(workload, new Warmup(warmup, liveWarmup), liveUnderLoad, liveIdle, liveAlone, cancellationToken);
        }

        var markdown = MarkdownReport.Write(Describe(options), workload, platform, limits, options.CommandLine);
        Console.WriteLine(markdown);
        if (options.MarkdownPath is { } path)
        {
            await File.WriteAllTextAsync(path, markdown, cancellationToken);
            Log($"wrote {path}");
        }

        return platform is { Problems.Count: > 0 } ? 1 : 0;
    }

    private static async Task<IPlatformUnderTest> StartAsync(LoadToolOptions options, CancellationToken cancellationToken)
    {
        if (options.Attached)
        {
            return new AttachedPlatform(options.Ingestion!, options.Registry, options.Statistics!, options.Alerting!);
        }

        return options.Target == LoadToolOptions.Embedded
            ? await StartedPlatform.StartEmbeddedAsync(cancellationToken)
            : await StartedPlatform.StartSeparateAsync(options.RabbitMqUri, options.PostgresConnectionString, cancellationToken);
    }

    private static string Describe(LoadToolOptions options) => options switch
    {
        { Attached: true } => "A platform already running",
        { Target: LoadToolOptions.Embedded } => "Embedded default (Vigia.Standalone: one process, in-memory bus, SQLite)",
        _ => "Four service processes on RabbitMQ + PostgreSQL",
    };

    /// <summary>Progress goes to stderr, so stdout carries only the Markdown tables.</summary>
    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
