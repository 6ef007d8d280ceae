using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using Vigia.Alerting.Delivery;
using Vigia.Common.V1;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Delivery;

/// <summary>
/// The README's consumers in Python (pika) and Node.js (amqplib), run as written from examples/alert-consumers
/// against RabbitMQ, print the June 2017 alert as alerting publishes it: a threshold alert, whose expected count
/// is 0, which proto-JSON used to leave out (the Python consumer crashed on the missing key).
/// </summary>
public sealed class ExampleConsumerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [SkippableTheory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task ExampleConsumer_June2017ThresholdAlertPublished_PrintsTypeIdObservedAndExpected(string language)
    {
        TestServers.RequireRabbitMq();
        var (program, arguments, folder) = await ConsumerAsync(language);
        var queue = $"vigia-example-{language}-{Guid.NewGuid():N}";
        var options = Options.Create(new AlertStreamOptions { RabbitMqUri = TestServers.RabbitMqUri });
        await using var publisher = new AlertExchangePublisher(options, NullLogger<AlertExchangePublisher>.Instance);
        await publisher.EnsureConnectedAsync(CancellationToken.None);
        await using var connection = await new ConnectionFactory { Uri = new Uri(TestServers.RabbitMqUri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // Declared as the consumer declares it, so the alert waits for the consumer to start.
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, AlertStreamOptions.DefaultExchange, "opened.sv.#");
        try
        {
            var alertEvent = AlertCloudEventTests.Opened(new Selector
            {
                CountryCodes = { "SV" },
                IncidentTypes = { IncidentType.Homicide },
                VictimCategories = { VictimCategory.SecurityForceRelative },
            });
            await publisher.PublishAsync(alertEvent, traceParent: null, CancellationToken.None);

            var line = await LineAboutAsync(alertEvent.AlertId, program, arguments, folder, queue);

            Assert.Equal($"org.vigia.alert.opened.v1 {alertEvent.AlertId} 3 0", line);
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    /// <summary>How to run the consumer; skips (or fails in CI) when its language or library is missing.</summary>
    private static async Task<(string Program, string Arguments, string Folder)> ConsumerAsync(string language)
    {
        var folder = Path.Combine(PlatformProcesses.RepositoryRoot(), "examples", "alert-consumers", language);
        if (language == "python")
        {
            // Debian's python3-pika installs for the system interpreter, which may not be the first python3 on PATH.
            foreach (var python in new[] { "/usr/bin/python3", "python3" })
            {
                if (await RunAsync(python, "-c \"import pika\"", folder) == 0)
                {
                    return (python, "consume_alerts.py", folder);
                }
            }

            Require(false, "no python3 with pika (apt-get install python3-pika)");
        }

        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            Require(await RunAsync("npm", "ci --no-audit --no-fund", folder) == 0, $"npm ci failed in {folder}");
        }

        return ("node", "consume-alerts.js", folder);
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

    /// <summary>
    /// The consumer's first line about <paramref name="alertId"/>: other tests may publish to the same exchange
    /// meanwhile, and the consumer prints their alerts too.
    /// </summary>
    private static async Task<string?> LineAboutAsync(string alertId, string program, string arguments, string folder, string queue)
    {
        var start = new ProcessStartInfo(program, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["VIGIA_AMQP_URL"] = TestServers.RabbitMqUri;
        start.Environment["VIGIA_ALERT_QUEUE"] = queue;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(s_timeout);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Contains(alertId, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            return $"(no line about the alert; stderr: {await errors})";
        }
        finally
        {
            // The consumer runs until stopped, as a real one would.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
