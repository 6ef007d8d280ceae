using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigia.Alerting.Consumers;
using Vigia.Alerting.Data;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Waves;

/// <summary><c>dotnet Vigia.Alerting.dll set-aside list|replay</c>: a change the judge set aside goes back to its queue.</summary>
public sealed class SetAsideReplayTests
{
    [Fact]
    public async Task Replay_ChangeSetAsideByTheJudge_IsQueuedAgainWithoutAStatisticsClientOrToken()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "vigia-tests", Guid.NewGuid().ToString("N"));
        string[] settings = ["--Vigia:Embedded=true", $"--Vigia:DataDirectory={dataDirectory}"];
        await MigrateCommand.RunAsync(["migrate", .. settings], b => b.AddServiceDatabase<AlertingDbContext, SqliteAlertingDbContext>(AlertingDbContext.Schema));
        var change = new SeriesChange { Current = AlertingHost.RelativesKilled(new DateOnly(2017, 6, 11), victims: 3) };
        var item = SetAsideItem.For(SeriesChangedConsumer.Name, Guid.NewGuid(), "incident v1", change, new InvalidOperationException("refused before the fix"), DateTime.UtcNow);
        await WithDatabaseAsync(settings, db =>
        {
            db.Add(item);
            return db.SaveChangesAsync();
        });

        using var listed = new StringWriter();
        using var replayed = new StringWriter();
        var listExit = await SetAsideCommand.RunAsync<AlertingDbContext>(["set-aside", "list", .. settings], b => b.AddAlertingDatabase(), listed);
        var replayExit = await SetAsideCommand.RunAsync<AlertingDbContext>(["set-aside", "replay", .. settings], b => b.AddAlertingDatabase(), replayed);

        Assert.Equal((0, 0), (listExit, replayExit));
        Assert.Contains(item.Id.ToString(), listed.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 of 1 set-aside item(s) replayed", replayed.ToString(), StringComparison.Ordinal);
        await WithDatabaseAsync(settings, async db =>
        {
            Assert.Empty(await db.Set<SetAsideItem>().ToListAsync());
            var queued = Assert.Single(await db.PendingSeriesChanges.ToListAsync()).Read();
            Assert.Equal(change.Current.IncidentId, Assert.Single(queued.Changes).Current.IncidentId);
        });
    }

    private static Task WithDatabaseAsync(string[] settings, Func<AlertingDbContext, Task> use) =>
        ServiceDatabaseScope.WithAsync<AlertingDbContext, SqliteAlertingDbContext>(settings, AlertingDbContext.Schema, use);
}
