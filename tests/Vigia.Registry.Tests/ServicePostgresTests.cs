using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Testing;

namespace Vigia.Registry.Tests;

/// <summary>How every service connects to PostgreSQL (<see cref="ServiceDatabase.UseServicePostgres"/>), seen through the registry.</summary>
public class ServicePostgresTests
{
    [Fact]
    public void WithoutJit_AddsTheOptionAndKeepsTheOperatorsOwn()
    {
        Assert.Equal("-c jit=off", new NpgsqlConnectionStringBuilder(ServiceDatabase.WithoutJit("Host=db;Database=vigia")).Options);
        Assert.Equal("-c statement_timeout=5s -c jit=off",
            new NpgsqlConnectionStringBuilder(ServiceDatabase.WithoutJit("Host=db;Options=-c statement_timeout=5s")).Options);
        Assert.Equal("-c jit=on", new NpgsqlConnectionStringBuilder(ServiceDatabase.WithoutJit("Host=db;Options=-c jit=on")).Options);
    }

    [Fact]
    public void WithoutPoolReset_TurnsTheResetOffUnlessTheOperatorSaidOtherwise()
    {
        Assert.True(new NpgsqlConnectionStringBuilder(ServiceDatabase.WithoutPoolReset("Host=db;Database=vigia")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(ServiceDatabase.WithoutPoolReset("Host=db;No Reset On Close=false")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(ServiceDatabase.WithoutPoolReset("Host=db;NoResetOnClose=false")).NoResetOnClose);
    }

    [Fact]
    public void WithAutoPrepare_PreparesUnlessTheOperatorSaidOtherwise()
    {
        var prepared = new NpgsqlConnectionStringBuilder(ServiceDatabase.WithAutoPrepare("Host=db;Database=vigia"));
        Assert.Equal((ServiceDatabase.MaxAutoPrepare, 2), (prepared.MaxAutoPrepare, prepared.AutoPrepareMinUsages));
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(ServiceDatabase.WithAutoPrepare("Host=db;Max Auto Prepare=0")).MaxAutoPrepare);
    }

    /// <summary>
    /// With statements prepared automatically, a migration that adds a column to a table a replica still reads with
    /// <c>SELECT *</c> makes that statement fail once on the connection (PostgreSQL will not change a cached plan's result
    /// type); the failure counts as transient, so the work is retried, and the retry succeeds (Npgsql prepares it again).
    /// </summary>
    [SkippableFact]
    public async Task PreparedStatement_OnPostgres_FailsOnceAfterAMigrationAsTransientThenRuns()
    {
        TestServers.RequirePostgres();
        var connectionString = ServiceDatabase.WithAutoPrepare(ServiceDatabase.WithoutPoolReset(await TestServers.CreateDatabaseAsync("registry_prepare")));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var setup = dataSource.CreateCommand("CREATE TABLE probe (id int PRIMARY KEY); INSERT INTO probe VALUES (1)"))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        async Task<int> ReadAsync()
        {
            await using var read = new NpgsqlCommand("SELECT * FROM probe", connection);
            await using var reader = await read.ExecuteReaderAsync();
            return await reader.ReadAsync() ? reader.FieldCount : -1;
        }

        var before = await ReadAsync() + await ReadAsync() + await ReadAsync();
        await using (var migrate = dataSource.CreateCommand("ALTER TABLE probe ADD COLUMN note text"))
        {
            await migrate.ExecuteNonQueryAsync();
        }

        var stale = await Assert.ThrowsAsync<PostgresException>(ReadAsync);
        var after = await ReadAsync();

        Assert.Equal(3, before);
        Assert.True(TransientFailures.IsTransient(stale), $"{stale.SqlState} {stale.Routine}: {stale.MessageText}");
        Assert.Equal(2, after);
    }

    /// <summary>
    /// The server compiles with its JIT by default; the service's sessions do not, on every connection the pool hands on
    /// (each query below rents a context whose connection the previous one returned).
    /// </summary>
    [SkippableFact]
    public async Task Sessions_OnPostgres_RunWithoutJitOnEveryPooledConnection()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry_jit");
        await using (var plain = new NpgsqlConnection(connectionString))
        {
            await plain.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW jit", plain);
            Assert.True("on".Equals(await show.ExecuteScalarAsync()), "the test server has jit off already: this test cannot tell anything");
        }

        await using var host = await RegistryTestHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });
        for (var query = 0; query < 3; query++)
        {
            var settings = await host.QueryAsync(db => db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").ToListAsync());
            Assert.Equal("off", Assert.Single(settings));
        }
    }

    /// <summary>
    /// A connection goes back to the pool without <c>DISCARD ALL</c> (<see cref="ServiceDatabase.WithoutPoolReset"/>): a
    /// session setting made on it is still there when the next context rents it (same backend). With the reset, the
    /// setting would be gone.
    /// </summary>
    [SkippableFact]
    public async Task Sessions_OnPostgres_AreHandedOnWithoutAReset()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry_reset");
        await using var host = await RegistryTestHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });

        // Backend and setting in one statement: one connection each.
        var setOn = (await host.QueryAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT pg_backend_pid()::text || ' ' || set_config('vigia.probe', 'kept', false) AS \"Value\"").SingleAsync())).Split(' ')[0];
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var seen = (await host.QueryAsync(db => db.Database
                .SqlQueryRaw<string>("SELECT pg_backend_pid()::text || ' ' || coalesce(current_setting('vigia.probe', true), '') AS \"Value\"").SingleAsync())).Split(' ');
            if (seen[0] == setOn)
            {
                Assert.Equal("kept", seen[1]);
                return;
            }
        }

        Assert.Fail($"no context rented backend {setOn} again in 20 tries: the test could not tell whether it was reset");
    }

    /// <summary>
    /// The outbox's message bodies (a bulk batch's is hundreds of kilobytes) are compressed with lz4 once the schema is
    /// migrated (<see cref="ServiceDatabase.UseFastCompression"/>); a column left to the server's default says nothing
    /// here and compresses with pglz.
    /// </summary>
    [SkippableFact]
    public async Task OutboxBodies_OnPostgres_AreCompressedWithLz4()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry_lz4");
        await using var host = await RegistryTestHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });

        var methods = await host.QueryAsync(db => db.Database.SqlQueryRaw<string>("""
            SELECT a.attcompression::text AS "Value" FROM pg_attribute AS a
            WHERE a.attrelid = 'registry.outbox_messages'::regclass AND a.attname = 'Body'
            """).ToListAsync());
        Assert.Equal("l", Assert.Single(methods));
    }
}
