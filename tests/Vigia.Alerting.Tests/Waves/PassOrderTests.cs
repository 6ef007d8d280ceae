using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.Waves;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Waves;

/// <summary>
/// Which queued SeriesChanged the judge takes next (<see cref="PendingSeriesChange.ClaimPassAsync"/>): small messages
/// ahead of a bulk backlog, the oldest first once one has waited too long; on both databases.
/// </summary>
public sealed class PassOrderTests
{
    private const int Limit = 2;
    private static readonly DateOnly s_june11 = new(2017, 6, 11);

    [Fact]
    public Task ClaimPass_OnSqlite_TakesSmallMessagesAheadOfTheBacklogThenTheOldest() =>
        ClaimsSmallMessagesFirstAsync(["--Vigia:Embedded=true", $"--Vigia:DataDirectory={Path.Combine(Path.GetTempPath(), "vigia-tests", Guid.NewGuid().ToString("N"))}"]);

    [SkippableFact]
    public async Task ClaimPass_OnPostgres_TakesSmallMessagesAheadOfTheBacklogThenTheOldest()
    {
        TestServers.RequirePostgres();
        await ClaimsSmallMessagesFirstAsync([$"--ConnectionStrings:postgres={await TestServers.CreateDatabaseAsync("alerting")}"]);
    }

    private static async Task ClaimsSmallMessagesFirstAsync(string[] settings)
    {
        await MigrateCommand.RunAsync(["migrate", .. settings], b => b.AddServiceDatabase<AlertingDbContext, SqliteAlertingDbContext>(AlertingDbContext.Schema));
        await ServiceDatabaseScope.WithAsync<AlertingDbContext, SqliteAlertingDbContext>(settings, AlertingDbContext.Schema, async db =>
        {
            var now = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
            var backlog1 = Queue(db, changes: 500, now.AddSeconds(-8));
            var typedIn = Queue(db, changes: 1, now.AddSeconds(-7));
            var backlog2 = Queue(db, changes: SeriesJudge.SmallMessageChanges + 1, now.AddSeconds(-6));
            var amended = Queue(db, changes: SeriesJudge.SmallMessageChanges, now.AddSeconds(-5));
            var backlog3 = Queue(db, changes: 500, now.AddSeconds(-4));
            await db.SaveChangesAsync();

            // The small messages first, though larger ones were queued before them.
            await AssertNextPassAsync(db, backlogDueBefore: now.AddSeconds(-10), typedIn.Sequence, amended.Sequence);

            // More typed in meanwhile, but the backlog's oldest has waited too long: the oldest go first, whatever their size.
            var typedInLater = Queue(db, changes: 1, now);
            await db.SaveChangesAsync();
            await AssertNextPassAsync(db, backlogDueBefore: now.AddSeconds(-7), backlog1.Sequence, backlog2.Sequence);

            // Nothing has waited too long now: the small one again, ahead of what is left of the backlog.
            await AssertNextPassAsync(db, backlogDueBefore: now.AddSeconds(-7), typedInLater.Sequence);
            await AssertNextPassAsync(db, backlogDueBefore: now.AddSeconds(-7), backlog3.Sequence);
            await AssertNextPassAsync(db, backlogDueBefore: now.AddSeconds(-7));
        });
    }

    private static PendingSeriesChange Queue(AlertingDbContext db, int changes, DateTime receivedAt)
    {
        var message = new SeriesChanged
        {
            BatchId = Guid.NewGuid(),
            Changes = [.. Enumerable.Range(0, changes).Select(i => new SeriesChange { Current = AlertingHost.RelativesKilled(s_june11.AddDays(-i)) })],
        };
        var queued = PendingSeriesChange.Of(Guid.NewGuid(), message, receivedAt);
        db.PendingSeriesChanges.Add(queued);
        return queued;
    }

    /// <summary>Claims the next pass as the judge does, checks what it took and removes it, as a pass that commits does.</summary>
    private static async Task AssertNextPassAsync(AlertingDbContext db, DateTime backlogDueBefore, params long[] expected)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var messages = await PendingSeriesChange.ClaimPassAsync(db, Limit, SeriesJudge.SmallMessageChanges, backlogDueBefore, CancellationToken.None);
        var sequences = messages.Select(m => m.Sequence).ToArray();
        await db.PendingSeriesChanges.Where(p => sequences.Contains(p.Sequence)).ExecuteDeleteAsync();
        await transaction.CommitAsync();
        Assert.Equal(expected, sequences);
    }
}
