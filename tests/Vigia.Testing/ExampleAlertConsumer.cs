using System.Diagnostics;
using Xunit;

namespace Vigia.Testing;

/// <summary>
/// The README's alert consumers (examples/alert-consumers: Python with pika, Node.js with amqplib), run as written:
/// the program from its folder, told only the AMQP URL and the queue to declare.
/// </summary>
public sealed class ExampleAlertConsumer
{
    private ExampleAlertConsumer(string program, string arguments, string folder)
    {
        Program = program;
        Arguments = arguments;
        Folder = folder;
    }

    public string Program { get; }
    public string Arguments { get; }
    public string Folder { get; }

    /// <summary>How to run the consumer in <paramref name="language"/>; skips (or fails in CI) when its language or library is missing.</summary>
    public static async Task<ExampleAlertConsumer> FindAsync(string language)
    {
        var folder = Path.Combine(PlatformProcesses.RepositoryRoot(), "examples", "alert-consumers", language);
        if (language == "python")
        {
            // Debian's python3-pika installs for the system interpreter, which may not be the first python3 on PATH.
            foreach (var python in new[] { "/usr/bin/python3", "python3" })
            {
                if (await RunAsync(python, "-c \"import pika\"", folder) == 0)
                {
                    return new ExampleAlertConsumer(python, "consume_alerts.py", folder);
                }
            }

            Require(false, "no python3 with pika (apt-get install python3-pika)");
        }

        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            Require(await RunAsync("npm", "ci --no-audit --no-fund", folder) == 0, $"npm ci failed in {folder}");
        }

        return new ExampleAlertConsumer("node", "consume-alerts.js", folder);
    }

    /// <summary>
    /// Runs the consumer on <paramref name="queue"/> of <paramref name="rabbitMqUri"/> and returns its first line about
    /// <paramref name="alertId"/>: the consumer prints every alert that reaches its queue, other tests' too.
    /// </summary>
    public async Task<string> LineAboutAsync(string alertId, string rabbitMqUri, string queue, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Program, Arguments) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["VIGIA_AMQP_URL"] = rabbitMqUri;
        start.Environment["VIGIA_ALERT_QUEUE"] = queue;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var stop = new CancellationTokenSource(timeout);
            while (await process.StandardOutput.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.Contains(alertId, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            return $"(no line about the alert; stderr: {await errors})";
        }
        catch (OperationCanceledException)
        {
            return $"(no line about the alert within {timeout.TotalSeconds:0} s)";
        }
        finally
        {
            // The consumer runs until stopped, as a real one would.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static void Require(bool available, string reason)
    {
        if (!available && TestServers.InCi)
        {
            throw new InvalidOperationException($"CI=true and {reason}.");
        }

        Skip.IfNot(available, $"SKIPPED LOUDLY: {reason}.");
    }

    private static async Task<int> RunAsync(string program, string arguments, string folder)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
