using System.Diagnostics;
using Xunit;

namespace Vigia.Testing;

/// <summary>
/// Drives the local RabbitMQ node with rabbitmqctl: a virtual host per platform (a test fixture's, a
/// load-tool run's), so the durable queues of one platform never hold another's messages (a killed
/// run leaves its backlog in its own virtual host, not in the next run's queues), and stopping and
/// starting the broker for outage tests. CI runs as root on the node's own machine, where rabbitmqctl works.
/// </summary>
public static class RabbitMqControl
{
    private static readonly Lazy<string?> s_executable = new(FindExecutable);
    private static readonly Lazy<bool> s_available = new(() => s_executable.Value is not null && new Uri(TestServers.RabbitMqUri).IsLoopback && Probe());

    /// <summary>True when rabbitmqctl is installed and can talk to the node behind <see cref="TestServers.RabbitMqUri"/>.</summary>
    public static bool IsAvailable => s_available.Value;

    /// <summary>Skips (locally) or fails (in CI) unless the broker can be stopped and started from here.</summary>
    public static void RequireControl()
    {
        if (IsAvailable)
        {
            return;
        }

        var reason = $"rabbitmqctl cannot control the RabbitMQ node at {new Uri(TestServers.RabbitMqUri).Authority} " +
                     "(not installed, not local, or not allowed: run as root or as the rabbitmq user)";
        if (TestServers.InCi)
        {
            throw new InvalidOperationException($"CI=true and {reason}. Broker outage tests must run in CI.");
        }

        Skip.If(true, $"SKIPPED LOUDLY: {reason}.");
    }

    /// <summary>A fresh virtual host the URI's user may use; returns the URI that points into it.</summary>
    private static async Task<string> AddVirtualHostAsync(string name, string baseUri)
    {
        var uri = new Uri(baseUri);
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]) is { Length: > 0 } u ? u : "guest";
        await RunAsync("add_vhost", name);
        await RunAsync("set_permissions", "-p", name, user, ".*", ".*", ".*");
        return new UriBuilder(uri) { Path = "/" + Uri.EscapeDataString(name) }.Uri.ToString();
    }

    /// <summary>
    /// A virtual host of the caller's own, deleted on dispose, so no message another test left in a durable queue
    /// reaches its services; the shared one where rabbitmqctl is not at hand, or when <paramref name="baseUri"/>
    /// (default <see cref="TestServers.RabbitMqUri"/>) names another broker than the local node.
    /// </summary>
    public static async Task<OwnVirtualHost> OwnVirtualHostAsync(string prefix, string? baseUri = null)
    {
        baseUri ??= TestServers.RabbitMqUri;
        if (!IsAvailable || !new Uri(baseUri).IsLoopback)
        {
            return new OwnVirtualHost(null, baseUri);
        }

        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        return new OwnVirtualHost(name, await AddVirtualHostAsync(name, baseUri));
    }

    /// <summary>A virtual host and the AMQP URI into it; disposing deletes it (when it is one of the test's own).</summary>
    public sealed class OwnVirtualHost(string? name, string uri) : IAsyncDisposable
    {
        public string Uri { get; } = uri;

        /// <summary>The virtual host's name; null when the test runs on the shared one.</summary>
        public string? Name { get; } = name;

        public async ValueTask DisposeAsync()
        {
            if (Name is not null)
            {
                await RunAsync("delete_vhost", Name);
            }
        }
    }

    /// <summary>The durable queues of a virtual host with their type ("classic", "quorum", "stream").</summary>
    public static async Task<IReadOnlyDictionary<string, string>> DurableQueueTypesAsync(string virtualHost)
    {
        var listed = await RunAsync("list_queues", "-p", virtualHost, "--no-table-headers", "name", "type", "durable");
        return listed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length == 3 && columns[2] == "true")
            .ToDictionary(columns => columns[0], columns => columns[1], StringComparer.Ordinal);
    }

    /// <summary>Stops the RabbitMQ application (the Erlang node stays up): every client sees the broker go away.</summary>
    public static Task StopBrokerAsync() => RunAsync("stop_app");

    /// <summary>Starts the RabbitMQ application again and waits until it accepts connections.</summary>
    public static async Task StartBrokerAsync()
    {
        await RunAsync("start_app");
        await RunAsync("await_startup", "--timeout", "60");
    }

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var executable = s_executable.Value ?? throw new InvalidOperationException("rabbitmqctl is not installed.");
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-q");
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"rabbitmqctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }

        return await output;
    }

    private static bool Probe()
    {
        try
        {
            RunAsync("list_vhosts").GetAwaiter().GetResult();
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string? FindExecutable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator)
            .Append("/usr/sbin")
            .Append("/usr/lib/rabbitmq/bin")
            .Select(dir => Path.Combine(dir, "rabbitmqctl"))
            .FirstOrDefault(File.Exists);
    }
}
