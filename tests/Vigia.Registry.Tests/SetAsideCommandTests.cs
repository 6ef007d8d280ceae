using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigia.Contracts.Messages;
using Vigia.Registry.Consumers;
using Vigia.Registry.Data;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Testing;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

/// <summary><c>dotnet Vigia.Registry.dll set-aside list|replay</c> against the registry's own database, SQLite and PostgreSQL.</summary>
public class SetAsideCommandTests
{
    /// <summary>How BatchIsolation keeps an item (web defaults: camelCase).</summary>
    private static readonly JsonSerializerOptions s_itemJson = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Replay_OnSqlite_RecordsTheItemThatNowGoesThroughAndKeepsTheOneStillFailingWithItsNewReason()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "vigia-tests", Guid.NewGuid().ToString("N"));
        await ReplayAsync(["--Vigia:Embedded=true", $"--Vigia:DataDirectory={dataDirectory}"]);
    }

    [SkippableFact]
    public async Task Replay_OnPostgres_RecordsTheItemThatNowGoesThroughAndKeepsTheOneStillFailingWithItsNewReason()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        await ReplayAsync([$"--ConnectionStrings:postgres={connectionString}"]);
    }

    private static async Task ReplayAsync(string[] settings)
    {
        await MigrateCommand.RunAsync(["migrate", .. settings], b => b.AddServiceDatabase<RegistryDbContext, SqliteRegistryDbContext>(RegistryDbContext.Schema));
        var report = Report("pnc", "set-aside-1", new DateOnly(2017, 6, 11));
        var mended = SetAside($"report {report.ReportId}", JsonSerializer.Serialize(report, s_itemJson));
        var broken = SetAside("report broken", """{"reportId":"not a guid"}""");
        await WithDatabaseAsync(settings, db =>
        {
            db.AddRange(mended, broken);
            return db.SaveChangesAsync();
        });

        var listed = await RunAsync(["set-aside", "list", .. settings]);
        var replayed = await RunAsync(["set-aside", "replay", .. settings]);
        var replayedAgain = await RunAsync(["set-aside", "replay", "--id", broken.Id.ToString(), .. settings]);

        Assert.Equal(0, listed.Exit);
        Assert.Contains(mended.Id.ToString(), listed.Output, StringComparison.Ordinal);
        Assert.Contains(broken.Id.ToString(), listed.Output, StringComparison.Ordinal);
        Assert.Equal(1, replayed.Exit);
        Assert.Contains("1 of 2 set-aside item(s) replayed", replayed.Output, StringComparison.Ordinal);
        Assert.Equal(1, replayedAgain.Exit);
        await WithDatabaseAsync(settings, async db =>
        {
            var left = Assert.Single(await db.Set<SetAsideItem>().ToListAsync());
            Assert.Equal(broken.Id, left.Id);
            // The new reason, the innermost exception's as BatchIsolation words it: the id is not a GUID.
            Assert.StartsWith("FormatException: The JSON value is not in", left.Reason, StringComparison.Ordinal);
            var source = Assert.Single(await db.IncidentSources.Where(s => s.SourceRecordId == "set-aside-1").ToListAsync());
            Assert.Equal(1, await db.Incidents.CountAsync(i => i.Id == source.IncidentId));
        });
    }

    private static SetAsideItem SetAside(string key, string json) => new()
    {
        Id = NewId.NextGuid(),
        Consumer = ReportsAcceptedConsumer.Name,
        MessageId = NewId.NextGuid(),
        ItemKey = key,
        ItemType = typeof(AcceptedReport).FullName!,
        ItemJson = json,
        Reason = "refused before the fix",
        SetAsideAt = DateTime.UtcNow,
    };

    private static async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        var exit = await SetAsideCommand.RunAsync<RegistryDbContext>(args, b => b.AddRegistry(), output);
        return (exit, output.ToString());
    }

    private static Task WithDatabaseAsync(string[] settings, Func<RegistryDbContext, Task> use) =>
        ServiceDatabaseScope.WithAsync<RegistryDbContext, SqliteRegistryDbContext>(settings, RegistryDbContext.Schema, use);
}
