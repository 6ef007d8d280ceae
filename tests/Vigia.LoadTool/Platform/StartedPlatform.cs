using Npgsql;
using Vigia.Testing;

namespace Vigia.LoadTool.Platform;

/// <summary>
/// A platform the tool started itself as real processes, on fresh storage that it removes afterwards:
/// the embedded default (one Vigia.Standalone process, SQLite in a temporary folder) or the four
/// services as separate processes on RabbitMQ and a fresh PostgreSQL database.
/// </summary>
public sealed class StartedPlatform : IPlatformUnderTest
{
    /// <summary>Measured as operators run it, not with the development settings the test harness defaults to.</summary>
    private static readonly Dictionary<string, string?> s_production = new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    private readonly PlatformProcesses _processes;
    private readonly Func<Task> _cleanUp;

    private StartedPlatform(PlatformProcesses processes, string description, Func<Task> cleanUp, string? databaseConnectionString = null)
    {
        _processes = processes;
        _cleanUp = cleanUp;
        Description = description;
        DatabaseConnectionString = databaseConnectionString;
    }

    public string Description { get; }

    /// <summary>The run's own PostgreSQL database (null for the embedded default), for the query-latency mode's COPY.</summary>
    public string? DatabaseConnectionString { get; }

    public Uri Ingestion => _processes.Ingestion;

    public Uri? Registry => _processes.Registry;

    public Uri Statistics => _processes.Statistics;

    public Uri Alerting => _processes.Alerting;

    public string? BearerToken => _processes.BearerToken;

    public static async Task<StartedPlatform> StartEmbeddedAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "vigia-loadtool", Guid.NewGuid().ToString("N"));
        var processes = await PlatformProcesses.StartStandaloneAsync(dataDirectory, s_production, cancellationToken);
        return new StartedPlatform(processes, "Embedded default: Vigia.Standalone, one process, in-memory bus, SQLite", () =>
        {
            Directory.Delete(dataDirectory, recursive: true);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// On a local broker the run gets a virtual host of its own: a run stopped half-way leaves its backlog there, not in
    /// the queues the next run's services read (one such backlog kept a later run's alerting busy for minutes).
    /// </summary>
    public static async Task<StartedPlatform> StartSeparateAsync(string rabbitMqUri, string postgresConnectionString, CancellationToken cancellationToken)
    {
        var database = await FreshDatabase.CreateAsync(postgresConnectionString, cancellationToken);
        var virtualHost = await RabbitMqControl.OwnVirtualHostAsync("vigia-load", rabbitMqUri);
        async Task CleanUpAsync()
        {
            await database.DropAsync();
            await virtualHost.DisposeAsync();
        }

        try
        {
            var processes = await PlatformProcesses.StartSeparateAsync(virtualHost.Uri, database.ConnectionString, s_production, cancellationToken);
            return new StartedPlatform(processes, "Four processes on RabbitMQ + PostgreSQL", CleanUpAsync, database.ConnectionString);
        }
        catch
        {
            await CleanUpAsync();
            throw;
        }
    }

    public IReadOnlyList<ProcessPeakMemory> PeakMemory() =>
        [.. _processes.Processes.Select(p => new ProcessPeakMemory(p.Name, p.PeakMemoryBytes))];

    public IReadOnlyList<ProcessCpuTime> CpuTime() =>
        [.. _processes.Processes.Select(p => new ProcessCpuTime(p.Name, p.Process is { HasExited: false } process ? process.TotalProcessorTime : TimeSpan.Zero))];

    public async ValueTask DisposeAsync()
    {
        await _processes.DisposeAsync();
        await _cleanUp();
    }

    /// <summary>A database of the run's own on the server, so each run starts from nothing.</summary>
    private sealed record FreshDatabase(string ConnectionString, string Name, string AdminConnectionString)
    {
        public static async Task<FreshDatabase> CreateAsync(string connectionString, CancellationToken cancellationToken)
        {
            var name = $"vigia_loadtool_{Guid.NewGuid():N}";
            var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString;
            await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"", cancellationToken);
            return new FreshDatabase(new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString, name, admin);
        }

        public Task DropAsync() => ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None);

        private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
