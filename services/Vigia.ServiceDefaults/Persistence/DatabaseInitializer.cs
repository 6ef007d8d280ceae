using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// Creates the database and the service's tables at start-up, waiting for the server to come up.
/// Several services may share one PostgreSQL database, each in its own schema, so "the database
/// exists" does not mean "our tables exist": the check is per schema.
/// </summary>
public sealed class DatabaseInitializer<TContext>(
    IServiceScopeFactory scopes, ServiceSchema<TContext> schema, ILogger<DatabaseInitializer<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    private static readonly ResiliencePipeline s_retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>().Handle<TimeoutException>(),
            MaxRetryAttempts = 30,
            Delay = TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Constant,
        })
        .Build();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await s_retry.ExecuteAsync(async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            if (db.Database.IsNpgsql())
            {
                await CreatePostgresSchemaAsync(db, ct);
            }
            else
            {
                await db.Database.EnsureCreatedAsync(ct);
                // WAL lets the four embedded services read while one writes.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
        }, cancellationToken);
        logger.LogInformation("Database for {Schema} is ready", schema.Name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CreatePostgresSchemaAsync(TContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            try
            {
                await creator.CreateAsync(ct);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another service created it first.
            }
        }

        var tables = await db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = {schema.Name}")
            .SingleAsync(ct);
        if (tables > 0)
        {
            return;
        }

        try
        {
            await creator.CreateTablesAsync(ct);
            logger.LogInformation("Created the tables of schema {Schema}", schema.Name);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateSchema
                                               or PostgresErrorCodes.UniqueViolation)
        {
            // Another replica of this service created them at the same moment.
        }
    }
}
