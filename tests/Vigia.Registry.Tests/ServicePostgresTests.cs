using Microsoft.EntityFrameworkCore;
using Npgsql;
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

    /// <summary>
    /// The server compiles with its JIT by default; the service's sessions do not, also once the pool has reset a
    /// returned connection (each query below rents a context whose connection the previous one returned).
    /// </summary>
    [SkippableFact]
    public async Task Sessions_OnPostgres_RunWithoutJitAfterThePoolResetsThem()
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
