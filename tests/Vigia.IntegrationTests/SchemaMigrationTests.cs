using Npgsql;
using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>
/// The schema step as an operator runs it on PostgreSQL: each service's <c>migrate</c> command applies
/// its schema as the owner and grants a runtime role row rights only; the services then serve as that
/// role, and a service pointed at a database nobody migrated refuses to start and says what to run.
/// </summary>
public sealed class SchemaMigrationTests
{
    private static readonly string[] s_projects = ["Vigia.Ingestion", "Vigia.Registry", "Vigia.Statistics", "Vigia.Alerting"];
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(2);

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

        await using var platform = await PlatformProcesses.StartSeparateAsync(TestServers.RabbitMqUri, runtime,
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
