using System.Diagnostics;
using Npgsql;
using Vigia.Testing;

namespace Vigia.IntegrationTests.Support;

/// <summary>
/// Stops and starts the local PostgreSQL cluster behind <see cref="TestServers.PostgresConnectionString"/> (the one
/// listening on its port) with pg_ctlcluster, for outage tests. CI runs as root on the server's own machine, where
/// that works; a developer can point VIGIA_TEST_POSTGRES at a cluster of their own so an outage stops nobody else's.
/// </summary>
public static class PostgresControl
{
    private static readonly Lazy<(string Version, string Name)?> s_cluster = new(FindCluster);

    /// <summary>Skips (locally) or fails (in CI) unless the cluster can be stopped and started from here.</summary>
    public static void RequireControl()
    {
        if (s_cluster.Value is not null)
        {
            return;
        }

        var reason = $"pg_ctlcluster cannot control the PostgreSQL cluster on port {Port} (not installed, not local, or not root)";
        if (TestServers.InCi)
        {
            throw new InvalidOperationException($"CI=true and {reason}. Database outage tests must run in CI.");
        }

        Skip.If(true, $"SKIPPED LOUDLY: {reason}.");
    }

    /// <summary>A fast shutdown: sessions are ended at once, as a crash or an operator's stop would end them.</summary>
    public static Task StopAsync() => RunAsync("pg_ctlcluster", Cluster.Version, Cluster.Name, "stop", "-m", "fast");

    /// <summary>Starts the cluster (if it is not running: a test that failed before stopping it must not fail again here) and waits until it answers.</summary>
    public static async Task StartAsync()
    {
        if (!(await RunAsync("pg_lsclusters", "-h")).Split('\n').Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var v, var n, _, "online", ..] && v == Cluster.Version && n == Cluster.Name))
        {
            await RunAsync("pg_ctlcluster", Cluster.Version, Cluster.Name, "start");
        }

        await RunAsync("pg_isready", "-q", "-t", "60", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int Port => new NpgsqlConnectionStringBuilder(TestServers.PostgresConnectionString).Port;

    private static (string Version, string Name) Cluster => s_cluster.Value ?? throw new InvalidOperationException("No controllable PostgreSQL cluster.");

    private static (string Version, string Name)? FindCluster()
    {
        var host = new NpgsqlConnectionStringBuilder(TestServers.PostgresConnectionString).Host;
        if (host is not ("127.0.0.1" or "localhost" or "::1") || Environment.UserName != "root")
        {
            return null;
        }

        try
        {
            // "15 main 5432 online postgres /var/lib/postgresql/15/main /var/log/...": version, name, port.
            var lines = RunAsync("pg_lsclusters", "-h").GetAwaiter().GetResult();
            return lines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(cells => cells.Length >= 3 && cells[2] == Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Select(cells => ((string Version, string Name)?)(cells[0], cells[1]))
                .FirstOrDefault();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static async Task<string> RunAsync(string executable, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }

        return await output;
    }
}
