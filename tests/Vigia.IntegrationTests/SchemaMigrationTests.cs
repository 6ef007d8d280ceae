using Microsoft.Data.Sqlite;
using Npgsql;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Registry.V1;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>
/// The schema step as an operator runs it on PostgreSQL: each service's <c>migrate</c> command applies
/// its migrations as the owner and grants a runtime role row rights only; the services then serve as that
/// role, and a service pointed at a database nobody migrated refuses to start and says what to run.
/// An upgrade from release 0.5.0 (tables made from the model, no migrations history, rows in them) keeps
/// every row, on PostgreSQL and on the embedded default's SQLite files; a database newer than the service is refused.
/// </summary>
public sealed class SchemaMigrationTests
{
    private static readonly string[] s_projects = ["Vigia.Ingestion", "Vigia.Registry", "Vigia.Statistics", "Vigia.Alerting"];
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(2);
    private const string FutureMigration = "29991231000000_FromALaterRelease";

    [SkippableFact]
    public async Task Migrate_ThenEveryServiceAsARowOnlyRole_RecordsAndCountsAReport()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var owner = await TestServers.CreateDatabaseAsync("vigia_mig");
        var (role, runtime) = await CreateRuntimeRoleAsync(owner);

        foreach (var project in s_projects)
        {
            var migrated = await ServiceCommand.RunAsync(project, ["migrate"], new Dictionary<string, string?>
            {
                ["ConnectionStrings__postgres"] = owner,
                ["Vigia__Database__RuntimeRole"] = role,
            }, s_commandTimeout);
            Assert.True(migrated.ExitCode == 0, $"{project} migrate failed ({migrated.ExitCode}):\n{migrated.Output}");
        }

        await using (var connection = new NpgsqlConnection(owner))
        {
            await connection.OpenAsync();
            foreach (var schema in new[] { "ingestion", "registry", "statistics", "alerting" })
            {
                await using var rights = new NpgsqlCommand(
                    "SELECT has_schema_privilege(@role, @schema, 'USAGE'), has_schema_privilege(@role, @schema, 'CREATE')", connection);
                rights.Parameters.AddWithValue("role", role);
                rights.Parameters.AddWithValue("schema", schema);
                await using var reader = await rights.ExecuteReaderAsync();
                await reader.ReadAsync();
                Assert.True(reader.GetBoolean(0), $"{role} cannot use schema {schema}");
                Assert.False(reader.GetBoolean(1), $"{role} may create objects in schema {schema}");
            }
        }

        // A virtual host of its own: the other test of this class reports on the same day and place, and a message it
        // left in a shared durable queue would be counted here.
        await using var virtualHost = await RabbitMqControl.OwnVirtualHostAsync("vigia-migrate");
        await using var platform = await PlatformProcesses.StartSeparateAsync(virtualHost.Uri, runtime,
            new Dictionary<string, string?> { ["Vigia__Database__ApplyAtStartup"] = "false" });
        using var clients = new PlatformClients(platform);
        var source = SampleReports.NewSource("migrated");
        var day = new DateOnly(2016, 3, 14);
        var answer = await clients.Ingestion.SubmitReportAsync(new SubmitReportRequest { Report = SampleReports.Homicide(source, "m-1", day, "SV-SS") });
        Assert.Equal(ReportStatus.Accepted, answer.Status);

        var (incidents, _) = await Eventually.ReachedAsync(
            "the report to be recorded by a registry running as the runtime role",
            () => clients.ListAllIncidentsAsync(Dates.Period(day, day), source),
            listed => listed.Incidents.Count == 1,
            TimeSpan.FromSeconds(60),
            listed => $"{listed.Incidents.Count} incidents",
            () => platform.DescribeOutput("ingestion", "registry"));
        Assert.Equal("m-1", Assert.Single(Assert.Single(incidents).Sources).SourceRecordId);
    }

    [SkippableFact]
    public async Task Service_OnADatabaseNobodyMigrated_RefusesToStartAndSaysWhatToRun()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var unmigrated = await TestServers.CreateDatabaseAsync("vigia_unmig");

        var start = await ServiceCommand.RunAsync("Vigia.Registry", [], new Dictionary<string, string?>
        {
            ["ConnectionStrings__postgres"] = unmigrated,
            ["ConnectionStrings__rabbitmq"] = TestServers.RabbitMqUri,
            ["Vigia__Database__ApplyAtStartup"] = "false",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        }.Concat(TestTokens.ServiceEnvironment).ToDictionary(), s_commandTimeout);

        Assert.NotEqual(0, start.ExitCode);
        Assert.Contains("'registry' schema is missing", start.Output, StringComparison.Ordinal);
        Assert.Contains("migrate", start.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Migrate_A050DatabaseWithRows_KeepsEveryRowAndTheServicesServeThem()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var owner = await Release050Database.CreatePostgresAsync("vigia_up");
        var (role, runtime) = await CreateRuntimeRoleAsync(owner);
        var before = new Dictionary<string, Dictionary<string, long>>();
        await using (var connection = new NpgsqlConnection(owner))
        {
            await connection.OpenAsync();
            foreach (var schema in Release050Database.Services)
            {
                before[schema] = await Release050Database.RowCountsAsync(connection, schema);
            }
        }

        foreach (var project in s_projects)
        {
            var migrated = await ServiceCommand.RunAsync(project, ["migrate"], new Dictionary<string, string?>
            {
                ["ConnectionStrings__postgres"] = owner,
                ["Vigia__Database__RuntimeRole"] = role,
            }, s_commandTimeout);
            Assert.True(migrated.ExitCode == 0, $"{project} migrate failed ({migrated.ExitCode}):\n{migrated.Output}");
            Assert.Contains("was created by release 0.5.0", migrated.Output, StringComparison.Ordinal);
        }

        await using (var connection = new NpgsqlConnection(owner))
        {
            await connection.OpenAsync();
            foreach (var schema in Release050Database.Services)
            {
                // Every 0.5.0 table keeps its rows; later migrations may add tables of their own.
                var after = await Release050Database.RowCountsAsync(connection, schema);
                Assert.Equal(before[schema], before[schema].Keys.ToDictionary(table => table, table => after.GetValueOrDefault(table, -1)));
                var history = await Release050Database.HistoryAsync(connection, $"\"{schema}\".\"__ef_migrations\"");
                Assert.EndsWith("_Release_0_5_0", history[0], StringComparison.Ordinal);
                Assert.True(history.Count > 1, $"{schema}: only {string.Join(", ", history)} applied; the later migrations were not");
            }

            Assert.Equal(1, before["registry"]["incidents"]);
            // IncidentSoleSource filled in the incident stored before it: the one source that fed it.
            Assert.Equal(
                await Release050Database.StringsAsync(connection, "SELECT DISTINCT \"Source\" FROM registry.incident_sources"),
                await Release050Database.StringsAsync(connection, "SELECT \"SoleSource\" FROM registry.incidents"));
        }

        // A virtual host of its own: the other test of this class reports on the same day and place, and a message it
        // left in a shared durable queue would be counted here.
        await using var virtualHost = await RabbitMqControl.OwnVirtualHostAsync("vigia-migrate");
        await using var platform = await PlatformProcesses.StartSeparateAsync(virtualHost.Uri, runtime,
            new Dictionary<string, string?> { ["Vigia__Database__ApplyAtStartup"] = "false" });
        using var clients = new PlatformClients(platform);
        await AssertServesThe050IncidentAsync(clients);
    }

    [SkippableFact]
    public async Task Migrate_A050Database_EndsWithTheSchemaOfAnEmptyDatabaseMigrated()
    {
        TestServers.RequirePostgres();
        var adopted = await Release050Database.CreatePostgresAsync("vigia_up");
        var empty = await TestServers.CreateDatabaseAsync("vigia_new");
        foreach (var database in new[] { adopted, empty })
        {
            foreach (var project in s_projects)
            {
                var migrated = await ServiceCommand.RunAsync(project, ["migrate"], new Dictionary<string, string?> { ["ConnectionStrings__postgres"] = database }, s_commandTimeout);
                Assert.True(migrated.ExitCode == 0, $"{project} migrate failed ({migrated.ExitCode}):\n{migrated.Output}");
            }
        }

        // Columns with their types and nullability, indexes and constraints with their definitions: if the
        // baseline migration differed from what 0.5.0 created, the adopted database would differ here.
        Assert.Equal(await SchemaDescriptionAsync(empty), await SchemaDescriptionAsync(adopted));
    }

    [SkippableFact]
    public async Task Service_OnA050DatabaseNotMigrated_RefusesToStartNamingTheMigrationsAndTheCommand()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var database = await Release050Database.CreatePostgresAsync("vigia_up");

        var start = await StartRegistryExpectingRefusalAsync(database);

        Assert.NotEqual(0, start.ExitCode);
        Assert.Contains("'registry' schema was made by release 0.5.0", start.Output, StringComparison.Ordinal);
        Assert.Contains("_Release_0_5_0", start.Output, StringComparison.Ordinal);
        Assert.Contains("dotnet Vigia.Registry.dll migrate", start.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ServiceAndMigrate_OnADatabaseNewerThanTheService_RefuseNamingTheUnknownMigration()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var database = await TestServers.CreateDatabaseAsync("vigia_newer");
        var migrated = await ServiceCommand.RunAsync("Vigia.Registry", ["migrate"], new Dictionary<string, string?> { ["ConnectionStrings__postgres"] = database }, s_commandTimeout);
        Assert.True(migrated.ExitCode == 0, $"migrate failed ({migrated.ExitCode}):\n{migrated.Output}");
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var later = new NpgsqlCommand(
                $"INSERT INTO registry.__ef_migrations (\"MigrationId\", \"ProductVersion\") VALUES ('{FutureMigration}', '10.0.15')", connection);
            await later.ExecuteNonQueryAsync();
        }

        var start = await StartRegistryExpectingRefusalAsync(database);
        var remigrated = await ServiceCommand.RunAsync("Vigia.Registry", ["migrate"], new Dictionary<string, string?> { ["ConnectionStrings__postgres"] = database }, s_commandTimeout);

        foreach (var refused in new[] { start, remigrated })
        {
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("'registry' schema is newer than this release", refused.Output, StringComparison.Ordinal);
            Assert.Contains(FutureMigration, refused.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Standalone_OnA050DataDirectoryWithRows_AdoptsItKeepsEveryRowAndServesThem()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"vigia-050-{Guid.NewGuid():N}");
        await Release050Database.CreateSqliteAsync(dataDirectory);
        var before = new Dictionary<string, Dictionary<string, long>>();
        foreach (var service in Release050Database.Services)
        {
            await using var connection = new SqliteConnection($"Data Source={Release050Database.SqlitePath(dataDirectory, service)};Pooling=False");
            await connection.OpenAsync();
            before[service] = await Release050Database.RowCountsAsync(connection);
        }

        try
        {
            await using (var platform = await PlatformProcesses.StartStandaloneAsync(dataDirectory))
            {
                using var clients = new PlatformClients(platform);
                await AssertServesThe050IncidentAsync(clients);
            }

            foreach (var service in Release050Database.Services)
            {
                await using var connection = new SqliteConnection($"Data Source={Release050Database.SqlitePath(dataDirectory, service)};Pooling=False");
                await connection.OpenAsync();
                var after = await Release050Database.RowCountsAsync(connection);
                // The services may add rows once running (alerting seeds its default rules); none may go.
                foreach (var (table, count) in before[service])
                {
                    Assert.True(after[table] >= count, $"{service}.{table} had {count} rows and has {after[table]} after the upgrade");
                }

                var history = await Release050Database.HistoryAsync(connection, "\"__ef_migrations\"");
                Assert.EndsWith("_Release_0_5_0", history[0], StringComparison.Ordinal);
                if (service == "registry")
                {
                    // IncidentSoleSource filled in the incident stored before it: the one source that fed it.
                    Assert.Equal(
                        await Release050Database.StringsAsync(connection, "SELECT DISTINCT \"Source\" FROM \"incident_sources\""),
                        await Release050Database.StringsAsync(connection, "SELECT \"SoleSource\" FROM \"incidents\""));
                }
            }

            await using var checkpoint = new SqliteConnection($"Data Source={Release050Database.SqlitePath(dataDirectory, "ingestion")};Pooling=False");
            await checkpoint.OpenAsync();
            Assert.Equal(["acled"], await Release050Database.StringsAsync(checkpoint, "SELECT \"Feed\" FROM \"feed_checkpoints\""));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>The registry answers for the 0.5.0 incident with its source, and statistics counts it on its day.</summary>
    private static async Task AssertServesThe050IncidentAsync(PlatformClients clients)
    {
        var incident = (await clients.Registry.GetIncidentAsync(
            new GetIncidentRequest { IncidentId = Release050Database.IncidentId.ToString() }, deadline: DateTime.UtcNow.AddSeconds(30))).Incident;
        Assert.Equal("r-1", Assert.Single(incident.Sources).SourceRecordId);
        Assert.Equal(2, Assert.Single(incident.Victims).Count);

        var day = Release050Database.IncidentDay;
        var counts = await clients.DailyIncidentCountsAsync(Dates.Period(day, day));
        Assert.Equal(1, counts[day]);

        // Its two victims, counted from the daily rollup the DailyCounts migration filled from the total the IncidentVictimCount
        // migration filled in for the 0.5.0 row (the count above comes from that rollup too).
        var victims = await clients.Statistics.GetTimeSeriesAsync(
            new GetTimeSeriesRequest { Selector = new Selector(), Measure = Measure.Victims, Granularity = Granularity.Day, Period = Dates.Period(day, day) },
            deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(2, Assert.Single(Assert.Single(victims.Series).Points).Value);

        // And as civilians, from the rollup by victim category the DailyVictimCounts migration filled from its victims row.
        var civilians = await clients.Statistics.GetTimeSeriesAsync(
            new GetTimeSeriesRequest
            {
                Selector = new Selector { VictimCategories = { VictimCategory.Civilian } },
                Measure = Measure.Victims,
                Granularity = Granularity.Day,
                Period = Dates.Period(day, day),
            },
            deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(2, Assert.Single(Assert.Single(civilians.Series).Points).Value);
    }

    private static Task<ServiceCommand.Result> StartRegistryExpectingRefusalAsync(string database) =>
        ServiceCommand.RunAsync("Vigia.Registry", [], new Dictionary<string, string?>
        {
            ["ConnectionStrings__postgres"] = database,
            ["ConnectionStrings__rabbitmq"] = TestServers.RabbitMqUri,
            ["Vigia__Database__ApplyAtStartup"] = "false",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        }.Concat(TestTokens.ServiceEnvironment).ToDictionary(), s_commandTimeout);

    /// <summary>The four schemas' columns, indexes and constraints, one line each, in order.</summary>
    private static async Task<List<string>> SchemaDescriptionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        const string Schemas = "('ingestion', 'registry', 'statistics', 'alerting')";
        var columns = await Release050Database.StringsAsync(connection,
            "SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') " +
            $"|| ' ' || is_nullable || ' ' || coalesce(column_default, '') || ' ' || is_identity FROM information_schema.columns WHERE table_schema IN {Schemas}");
        var indexes = await Release050Database.StringsAsync(connection, $"SELECT indexdef FROM pg_indexes WHERE schemaname IN {Schemas}");
        var constraints = await Release050Database.StringsAsync(connection,
            "SELECT n.nspname || '.' || c.conname || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace " +
            $"WHERE n.nspname IN {Schemas}");
        return [.. columns.Concat(indexes).Concat(constraints).Order(StringComparer.Ordinal)];
    }

    /// <summary>A login role with no rights of its own, and the connection string that logs in as it.</summary>
    private static async Task<(string Role, string ConnectionString)> CreateRuntimeRoleAsync(string owner)
    {
        var role = $"vigia_rt_{Guid.NewGuid():N}"[..20];
        const string Password = "runtime-only";
        await using (var connection = new NpgsqlConnection(owner))
        {
            await connection.OpenAsync();
            // Identifiers cannot be parameters; the name is made here from hex digits.
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD '{Password}'", connection);
            await create.ExecuteNonQueryAsync();
        }

        var runtime = new NpgsqlConnectionStringBuilder(owner) { Username = role, Password = Password };
        return (role, runtime.ConnectionString);
    }
}
