using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// Keeps SQLite's query planner supplied with statistics (<c>PRAGMA optimize</c>, as SQLite recommends for long-lived
/// connections). Without them SQLite weighs two indexes by their shape alone and can take the wrong one: it read a
/// department's daily series through the type's index, every department's days (docs/benchmarks.md). A store starts
/// empty and grows by orders of magnitude in its first minutes (a back-fill), so the check runs often: it analyses a
/// table only when it was never analysed or its size changed tenfold, within a bounded number of rows, and is
/// otherwise a fraction of a millisecond. PostgreSQL's autovacuum does this for the servers.
/// </summary>
public static class SqlitePlannerStatistics
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Analyses the tables that need it (0x10002: every table, not only those this connection used).</summary>
    public static Task RefreshAsync(DbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA optimize(0x10002);", ct);
}

/// <summary>Refreshes one service's SQLite statistics every <see cref="SqlitePlannerStatistics.Interval"/>.</summary>
public sealed class SqlitePlannerStatisticsRefresher<TContext>(
    IServiceScopeFactory scopes, TimeProvider time, ILogger<SqlitePlannerStatisticsRefresher<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SqlitePlannerStatistics.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await SqlitePlannerStatistics.RefreshAsync(scope.ServiceProvider.GetRequiredService<TContext>(), stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Plans without fresh statistics are slower, not wrong: the next tick tries again.
                logger.LogWarning(ex, "Refreshing SQLite's planner statistics failed; trying again in {Interval}", SqlitePlannerStatistics.Interval);
            }
        }
    }
}
