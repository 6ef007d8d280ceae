using Microsoft.EntityFrameworkCore;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Registry.Tests.Persistence;

/// <summary>
/// Every connection a service opens on SQLite has SQLite's own busy wait set (<see cref="SqliteBusyWait"/>): without it
/// a writer that finds the file locked sleeps Microsoft.Data.Sqlite's 150 ms between tries, the most of a live report's
/// latency when alerting's consumer met the judge's pass.
/// </summary>
public sealed class SqliteBusyWaitTests
{
    [Fact]
    public async Task ServiceConnection_OnSqlite_WaitsForTheWriteLockAsLongAsACommandMayRun()
    {
        await using var host = await RegistryTestHost.StartAsync();

        var timeouts = await host.QueryAsync(async db =>
        {
            Assert.True(db.Database.IsSqlite());
            var read = new List<long>();
            // Twice: the second open takes the pooled native connection the first one left.
            for (var open = 0; open < 2; open++)
            {
                await db.Database.OpenConnectionAsync();
                await using (var command = db.Database.GetDbConnection().CreateCommand())
                {
                    command.CommandText = "PRAGMA busy_timeout";
                    read.Add((long)(await command.ExecuteScalarAsync())!);
                }

                await db.Database.CloseConnectionAsync();
            }

            return read;
        });

        Assert.Equal([SqliteBusyWait.Milliseconds, SqliteBusyWait.Milliseconds], timeouts);
    }
}
