using Npgsql;
using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>
/// <c>dotnet Vigia.Statistics.dll rebuild</c> as an operator runs it: statistics stopped, its projection damaged
/// (incidents missing, counts wrong, versions lost), the command reads the registry's change feed and statistics'
/// counts equal the registry's again.
/// </summary>
public sealed class StatisticsRebuildTests
{
    private const int Reports = 12;

    [SkippableFact]
    public async Task Rebuild_AfterTheProjectionWasDamaged_CountsEqualTheRegistrys()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var database = await TestServers.CreateDatabaseAsync("vigia_rebuild");
        await using var virtualHost = await RabbitMqControl.OwnVirtualHostAsync("vigia-rebuild");
        await using var platform = await PlatformProcesses.StartSeparateAsync(virtualHost.Uri, database);
        using var clients = new PlatformClients(platform);
        var source = SampleReports.NewSource("rebuild");
        var first = new DateOnly(2018, 5, 1);
        for (var i = 0; i < Reports; i++)
        {
            // A day and a department each, so no two reports merge into one incident.
            var report = SampleReports.Homicide(source, $"r-{i}", first.AddDays(i), SampleReports.Departments[i], victims: 1 + (i % 3));
            var answer = await clients.Ingestion.SubmitReportAsync(new SubmitReportRequest { Report = report });
            Assert.Equal(ReportStatus.Accepted, answer.Status);
        }

        var period = Dates.Period(first, first.AddDays(Reports - 1));
        await Eventually.ReachedAsync(
            "statistics to count every report",
            () => clients.DailyIncidentCountsAsync(period),
            counts => counts.Values.Sum() == Reports,
            TimeSpan.FromSeconds(90),
            counts => $"{counts.Values.Sum()} counted",
            () => platform.DescribeOutput("registry", "statistics"));

        await platform.StopAsync("statistics");
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var damage = new NpgsqlCommand(
                """
                DELETE FROM statistics.incidents WHERE "Id" IN (SELECT "Id" FROM statistics.incidents ORDER BY "OccurredOn" LIMIT 4);
                UPDATE statistics.incident_victims SET "Count" = 99;
                DELETE FROM statistics.known_versions WHERE "Id" IN (SELECT "Id" FROM statistics.known_versions ORDER BY "OccurredOn" DESC LIMIT 3);
                """, connection);
            await damage.ExecuteNonQueryAsync();
            Assert.NotEqual(await RegistryFiguresAsync(connection), await StatisticsFiguresAsync(connection));
        }

        var rebuilt = await ServiceCommand.RunAsync("Vigia.Statistics", ["rebuild"], new Dictionary<string, string?>
        {
            ["ConnectionStrings__postgres"] = database,
            ["Services__registry"] = platform.Registry.ToString(),
            ["Vigia__Rebuild__QuietPeriod"] = "00:00:03",
        }.Concat(TestTokens.ServiceEnvironment).ToDictionary(), TimeSpan.FromMinutes(2));
        Assert.True(rebuilt.ExitCode == 0, $"rebuild failed ({rebuilt.ExitCode}):\n{rebuilt.Output}");

        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            var registry = await RegistryFiguresAsync(connection);
            Assert.Equal((Reports, Enumerable.Range(0, Reports).Sum(i => 1 + (i % 3)), Reports), registry);
            Assert.Equal(registry, await StatisticsFiguresAsync(connection));
            // The rollup by victim category is rebuilt with the rest, not added to what was there.
            Assert.Equal(registry.Victims, await ScalarAsync(connection, """SELECT coalesce(sum("Victims"), 0) FROM statistics.daily_victim_counts"""));
        }

        await platform.StartAsync("statistics");
        var counts = await clients.DailyIncidentCountsAsync(period);
        Assert.Equal(Reports, counts.Values.Sum());
        Assert.All(counts.Values, c => Assert.Equal(1, c));
    }

    /// <summary>Active incidents, their victims, and every version the registry recorded.</summary>
    private static async Task<(long Incidents, long Victims, long Versions)> RegistryFiguresAsync(NpgsqlConnection connection) => (
        await ScalarAsync(connection, """SELECT count(*) FROM registry.incidents WHERE "State" = 1"""),
        await ScalarAsync(connection, """SELECT coalesce(sum(v."Count"), 0) FROM registry.incident_victims v JOIN registry.incidents i ON i."Id" = v."IncidentId" WHERE i."State" = 1"""),
        await ScalarAsync(connection, "SELECT count(*) FROM registry.incident_versions"));

    /// <summary>The same figures from statistics' projection: counted incidents, their victims, and known versions.</summary>
    private static async Task<(long Incidents, long Victims, long Versions)> StatisticsFiguresAsync(NpgsqlConnection connection) => (
        await ScalarAsync(connection, """SELECT count(*) FROM statistics.incidents WHERE NOT "Retracted" """),
        await ScalarAsync(connection, """SELECT coalesce(sum(v."Count"), 0) FROM statistics.incident_victims v JOIN statistics.incidents i ON i."Id" = v."IncidentId" WHERE NOT i."Retracted" """),
        await ScalarAsync(connection, "SELECT count(*) FROM statistics.known_versions"));

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
