using System.Net.Sockets;
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

    /// <summary>A connection string to a fresh database of its own, created on the server.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await AdministerAsync(PostgresConnectionString, $"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database <paramref name="connectionString"/> names, closing its sessions.</summary>
    public static Task DropDatabaseAsync(string connectionString) =>
        AdministerAsync(connectionString, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");

    private static async Task AdministerAsync(string connectionString, string statement)
    {
        // Unpooled: a fault test restarts PostgreSQL, and a pooled admin connection opened before that fails its next
        // command with 57P01 ("terminating connection due to administrator command").
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync();
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
