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
/// ahead of a bulk backlog, then the backlog oldest first, so neither waits for ever; on both databases.
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
            var backlog1 = Queue(db, changes: 500);
            var typedIn = Queue(db, changes: 1);
            var backlog2 = Queue(db, changes: SeriesJudge.SmallMessageChanges + 1);
            var amended = Queue(db, changes: SeriesJudge.SmallMessageChanges);
            var backlog3 = Queue(db, changes: 500);
            await db.SaveChangesAsync();

            // The small messages first, though two larger ones were queued before them.
            await AssertNextPassAsync(db, lastPassWasSmall: false, small: true, typedIn.Sequence, amended.Sequence);

            // One more typed in meanwhile: after a pass of small ones the backlog's oldest go first, whatever their size.
            var typedInLater = Queue(db, changes: 1);
            await db.SaveChangesAsync();
            await AssertNextPassAsync(db, lastPassWasSmall: true, small: false, backlog1.Sequence, backlog2.Sequence);

            // Then the small one again, ahead of what is left of the backlog.
            await AssertNextPassAsync(db, lastPassWasSmall: false, small: true, typedInLater.Sequence);
            await AssertNextPassAsync(db, lastPassWasSmall: true, small: false, backlog3.Sequence);
            await AssertNextPassAsync(db, lastPassWasSmall: false, small: false);
        });
    }

    private static PendingSeriesChange Queue(AlertingDbContext db, int changes)
    {
        var message = new SeriesChanged
        {
            BatchId = Guid.NewGuid(),
            Changes = [.. Enumerable.Range(0, changes).Select(i => new SeriesChange { Current = AlertingHost.RelativesKilled(s_june11.AddDays(-i)) })],
        };
        var queued = PendingSeriesChange.Of(Guid.NewGuid(), message, DateTime.UtcNow);
        db.PendingSeriesChanges.Add(queued);
        return queued;
    }

    /// <summary>Claims the next pass as the judge does, checks what it took and removes it, as a pass that commits does.</summary>
    private static async Task AssertNextPassAsync(AlertingDbContext db, bool lastPassWasSmall, bool small, params long[] expected)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var (messages, tookSmall) = await PendingSeriesChange.ClaimPassAsync(db, Limit, SeriesJudge.SmallMessageChanges, lastPassWasSmall, CancellationToken.None);
        var sequences = messages.Select(m => m.Sequence).ToArray();
        await db.PendingSeriesChanges.Where(p => sequences.Contains(p.Sequence)).ExecuteDeleteAsync();
        await transaction.CommitAsync();
        Assert.Equal(expected, sequences);
        Assert.Equal(small, tookSmall);
    }
}
