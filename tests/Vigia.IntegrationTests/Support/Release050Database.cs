using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vigia.Testing;

namespace Vigia.IntegrationTests.Support;

/// <summary>
/// A database as release 0.5.0 left it: each service's tables made by 0.5.0's model (Fixtures/schema-0.5.0),
/// no migrations history, and a few rows in them (Fixtures/rows-0.5.0): an incident in the registry and in
/// statistics' projection, a feed checkpoint in ingestion, a setting in alerting.
/// </summary>
public static class Release050Database
{
    public static readonly string[] Services = ["ingestion", "registry", "statistics", "alerting"];

    /// <summary>The incident of the rows fixture: a homicide of two civilians in San Salvador (SV-SS) on 2016-03-14, source "release-0-5-0".</summary>
    public static readonly Guid IncidentId = Guid.Parse("6d3a1c52-0b5e-4c1e-9a51-3f0a7d0e5001");

    public static readonly DateOnly IncidentDay = new(2016, 3, 14);

    /// <summary>A new PostgreSQL database holding the four schemas of 0.5.0 with their rows.</summary>
    public static async Task<string> CreatePostgresAsync(string prefix)
    {
        var connectionString = await TestServers.CreateDatabaseAsync(prefix);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var service in Services)
        {
            await ExecuteAsync(connection, Fixture("schema-0.5.0", service, "postgres"));
            await ExecuteAsync(connection, Fixture("rows-0.5.0", service, "postgres"));
        }

        return connectionString;
    }

    /// <summary>The embedded default's data folder as 0.5.0 left it: one SQLite file per service, with its rows.</summary>
    public static async Task CreateSqliteAsync(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        foreach (var service in Services)
        {
            await using var connection = new SqliteConnection($"Data Source={SqlitePath(dataDirectory, service)};Pooling=False");
            await connection.OpenAsync();
            await ExecuteAsync(connection, Fixture("schema-0.5.0", service, "sqlite"));
            await ExecuteAsync(connection, Fixture("rows-0.5.0", service, "sqlite"));
        }
    }

    public static string SqlitePath(string dataDirectory, string service) => Path.Combine(dataDirectory, $"{service}.db");

    /// <summary>Rows per table of one PostgreSQL schema, EF's own tables left out.</summary>
    public static async Task<Dictionary<string, long>> RowCountsAsync(NpgsqlConnection connection, string schema)
    {
        var tables = await StringsAsync(connection,
            $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{schema}' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_\\_%'");
        return await CountsAsync(connection, tables.Select(t => (t, $"\"{schema}\".\"{t}\"")));
    }

    /// <summary>Rows per table of one SQLite file, EF's and SQLite's own tables left out.</summary>
    public static async Task<Dictionary<string, long>> RowCountsAsync(SqliteConnection connection)
    {
        var tables = await StringsAsync(connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
        return await CountsAsync(connection, tables.Select(t => (t, $"\"{t}\"")));
    }

    /// <summary>The migration ids in a history table.</summary>
    public static Task<List<string>> HistoryAsync(DbConnection connection, string historyTable) =>
        StringsAsync(connection, $"SELECT \"MigrationId\" FROM {historyTable} ORDER BY \"MigrationId\"");

    public static async Task<List<string>> StringsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task<Dictionary<string, long>> CountsAsync(DbConnection connection, IEnumerable<(string Table, string Qualified)> tables)
    {
        var counts = new Dictionary<string, long>();
        foreach (var (table, qualified) in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM {qualified}";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static string Fixture(string folder, string service, string provider) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", folder, $"{service}.{provider}.sql"));
}
