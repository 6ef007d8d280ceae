using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;
using Xunit;

namespace Vigia.Testing;

/// <summary>
/// Where the real RabbitMQ and PostgreSQL are, for the tests that claim to cover them. Set
/// VIGIA_TEST_RABBITMQ (amqp URI) and VIGIA_TEST_POSTGRES (Npgsql connection string); the defaults
/// are the local servers that `.ci/run` installs and starts. Outside CI a missing server skips the
/// test with the reason; with CI=true it fails, so CI never passes by skipping.
/// </summary>
public static class TestServers
{
    public static string RabbitMqUri =>
        Environment.GetEnvironmentVariable("VIGIA_TEST_RABBITMQ") is { Length: > 0 } uri ? uri : "amqp://guest:guest@127.0.0.1:5672/";

    public static string RabbitMqManagementUri =>
        Environment.GetEnvironmentVariable("VIGIA_TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } uri ? uri : "http://guest:guest@127.0.0.1:15672/";

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("VIGIA_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=5432;Username=vigia;Password=vigia;Database=vigia_test";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    // A test database's name carries when it was made: test processes are killed by their runner when the run ends,
    // so a database whose test kept it to the end is left on the server, and the next run drops those of earlier runs.
    private const string CreatedFormat = "yyMMddHHmm";
    private static readonly TimeSpan s_leftOverAfter = TimeSpan.FromHours(3);
    private static readonly Lazy<Task> s_dropLeftOvers = new(DropLeftOversAsync);

    /// <summary>A connection string to a fresh database of its own, created on the server.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        await s_dropLeftOvers.Value;
        var stamp = DateTime.UtcNow.ToString(CreatedFormat, CultureInfo.InvariantCulture);
        var name = $"{prefix[..Math.Min(prefix.Length, 63 - 28)]}_{stamp}_{Guid.NewGuid():N}"[..^16];
        await AdministerAsync(PostgresConnectionString, $"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database <paramref name="connectionString"/> names, closing its sessions.</summary>
    public static Task DropDatabaseAsync(string connectionString) =>
        AdministerAsync(connectionString, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");

    /// <summary>
    /// Drops the test databases made more than <see cref="s_leftOverAfter"/> ago (by their name), by this or any earlier
    /// run. A failure only leaves clutter: it never fails the test that asked for a database.
    /// </summary>
    private static async Task DropLeftOversAsync()
    {
        try
        {
            await DropDatabasesMadeBeforeAsync(DateTime.UtcNow - s_leftOverAfter);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            // The server is not answering yet (the test asking fails on its own if it stays so), or a role without the
            // right: the databases stay for a later run.
        }
    }

    private static async Task DropDatabasesMadeBeforeAsync(DateTime cutoff)
    {
        var names = new List<string>();
        await using (var connection = await OpenAdminAsync(PostgresConnectionString))
        {
            await using var list = new NpgsqlCommand("SELECT datname FROM pg_database", connection);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            if (Regex.Match(name, "^.+_([0-9]{10})_[0-9a-f]{16}$") is { Success: true } match
                && DateTime.TryParseExact(match.Groups[1].Value, CreatedFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var created)
                && created < cutoff)
            {
                await DropDatabaseAsync(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name }.ConnectionString);
            }
        }
    }

    private static async Task AdministerAsync(string connectionString, string statement)
    {
        await using var connection = await OpenAdminAsync(connectionString);
        await using var command = new NpgsqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A connection to the server's <c>postgres</c> database, where databases are created and dropped.</summary>
    private static async Task<NpgsqlConnection> OpenAdminAsync(string connectionString)
    {
        // Unpooled: a fault test restarts PostgreSQL, and a pooled admin connection opened before that fails its next
        // command with 57P01 ("terminating connection due to administrator command").
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Skips (locally) or fails (in CI) unless both RabbitMQ and PostgreSQL answer.</summary>
    public static void RequireRabbitMqAndPostgres()
    {
        RequireRabbitMq();
        RequirePostgres();
    }

    public static void RequireRabbitMq()
    {
        var uri = new Uri(RabbitMqUri);
        Require(CanConnect(uri.Host, uri.Port > 0 ? uri.Port : 5672), $"RabbitMQ is not reachable at {uri.Host}:{uri.Port}");
    }

    public static void RequirePostgres()
    {
        string? error = null;
        // A loaded 2-core machine can take seconds to accept a connection: retry before calling it absent.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = "postgres", Timeout = 10 }.ConnectionString);
                connection.Open();
                error = null;
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                error = ex.Message;
            }
        }

        Require(error is null, $"PostgreSQL is not reachable with VIGIA_TEST_POSTGRES ({error})");
    }

    private static void Require(bool available, string reason)
    {
        const string Setup = "Start them with `bash .ci/run --servers-only` (installs and starts RabbitMQ and PostgreSQL), or set VIGIA_TEST_RABBITMQ / VIGIA_TEST_POSTGRES.";
        if (available)
        {
            return;
        }

        if (InCi)
        {
            throw new InvalidOperationException($"CI=true and {reason}. Integration tests must run in CI. {Setup}");
        }

        Skip.If(true, $"SKIPPED LOUDLY: {reason}. {Setup}");
    }

    private static bool CanConnect(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(10)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
