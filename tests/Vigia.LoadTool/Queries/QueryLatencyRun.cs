using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vigia.LoadTool.Platform;

namespace Vigia.LoadTool.Queries;

/// <summary>
/// The query-latency mode (`--queries`): the four services on RabbitMQ + a fresh PostgreSQL database, filled with
/// `--incidents` incidents over `--years` years by COPY, then each analyst query timed `--calls` times. The load
/// average is read before and after, since a latency on a shared machine means little without it.
/// </summary>
public static class QueryLatencyRun
{
    public static async Task<string> RunAsync(LoadToolOptions options, Action<string> log, CancellationToken ct)
    {
        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var firstDay = lastDay.AddYears(-options.QueryYears).AddDays(1);
        log("starting the four services on RabbitMQ + a fresh PostgreSQL database");
        await using var platform = await StartedPlatform.StartSeparateAsync(options.RabbitMqUri, options.PostgresConnectionString, ct);

        log($"filling the store with {options.QueryIncidents:N0} incidents, {firstDay:yyyy-MM-dd} – {lastDay:yyyy-MM-dd}");
        var filling = Stopwatch.GetTimestamp();
        await IncidentStore.FillAsync(platform.DatabaseConnectionString!, options.QueryIncidents, firstDay, lastDay, options.Seed, log, ct);
        var filled = Stopwatch.GetElapsedTime(filling);
        log($"filled in {filled.TotalSeconds:N1} s; timing {options.QueryCalls} calls of each query");

        var loadBefore = LoadAverage();
        var timings = await QueryLatency.MeasureAsync(platform.Registry!, platform.Statistics, platform.BearerToken, firstDay, lastDay, options.QueryCalls, log, ct);
        var loadAfter = LoadAverage();

        var markdown = new StringBuilder();
        markdown.AppendLine(CultureInfo.InvariantCulture, $"### Query latency on {options.QueryIncidents:N0} incidents (four processes on RabbitMQ + PostgreSQL)");
        markdown.AppendLine();
        markdown.AppendLine(CultureInfo.InvariantCulture, $"Store filled by binary COPY in {filled.TotalSeconds:N1} s; one call at a time after {QueryLatency.Warmup} warm-up calls; load average (1/5/15 min) {loadBefore} before, {loadAfter} after.");
        markdown.AppendLine();
        markdown.AppendLine("| query | calls | p50 | p99 | max | answer |");
        markdown.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var t in timings)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"| {t.Query} | {t.Calls} | {Ms(t.P50)} | {Ms(t.P99)} | {Ms(t.Max)} | {t.Answer} |");
        }

        markdown.AppendLine();
        markdown.AppendLine(CultureInfo.InvariantCulture, $"`{options.CommandLine}`");
        return markdown.ToString();
    }

    private static string Ms(TimeSpan duration) => $"{duration.TotalMilliseconds:N1} ms";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
