using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>One service's schema: what the <c>migrate</c> command applies and what a service checks before it serves.</summary>
public interface ISchemaMigrator
{
    string Schema { get; }

    /// <summary>Creates what is missing and, on PostgreSQL, grants the runtime role its data rights.</summary>
    Task ApplyAsync(CancellationToken ct);

    /// <summary>Throws <see cref="SchemaNotReadyException"/> when the schema is not there for this release.</summary>
    Task VerifyAsync(CancellationToken ct);
}

/// <summary>
/// Several services may share one PostgreSQL database, each in its own schema, so "the database
/// exists" does not mean "our tables exist": every check is per schema. The owner role applies the
/// schema; the services can then run as a role that may only read and write rows
/// (Vigia:Database:RuntimeRole), so a compromised service cannot drop or alter tables.
/// </summary>
public sealed partial class SchemaMigrator<TContext>(
    IServiceScopeFactory scopes, ServiceSchema<TContext> schema, IConfiguration configuration,
    ILogger<SchemaMigrator<TContext>> logger) : ISchemaMigrator
    where TContext : DbContext
{
    public const string RuntimeRoleKey = "Vigia:Database:RuntimeRole";

    public string Schema => schema.Name;

    public async Task ApplyAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (!db.Database.IsNpgsql())
        {
            await db.Database.EnsureCreatedAsync(ct);
            // WAL lets the four embedded services read while one writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            return;
        }

        await CreatePostgresSchemaAsync(db, ct);
        if (RuntimeRole() is { } role)
        {
            await GrantRuntimeRoleAsync(db, role, ct);
        }
    }

    public async Task VerifyAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var ready = db.Database.IsNpgsql()
            ? await db.Database.CanConnectAsync(ct) && await CountPostgresTablesAsync(db, ct) > 0
            : await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct)
              && await db.GetService<IRelationalDatabaseCreator>().HasTablesAsync(ct);
        if (!ready)
        {
            throw new SchemaNotReadyException(
                $"The '{schema.Name}' schema is missing. Run the migrate command first (`dotnet {AppDomain.CurrentDomain.FriendlyName}.dll migrate` " +
                "with an owner role's connection string, or the vigia-migrate Job on Kubernetes), or set Vigia__Database__ApplyAtStartup=true.");
        }
    }

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

        if (await CountPostgresTablesAsync(db, ct) > 0)
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

    private Task<int> CountPostgresTablesAsync(TContext db, CancellationToken ct) => db.Database
        .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = {schema.Name}")
        .SingleAsync(ct);

    private async Task GrantRuntimeRoleAsync(TContext db, string role, CancellationToken ct)
    {
        // Identifiers cannot be parameters; both names are checked against a plain-identifier pattern.
        var s = Identifier(schema.Name, "schema");
        var r = Identifier(role, RuntimeRoleKey);
        foreach (var statement in new[]
                 {
                     $"GRANT USAGE ON SCHEMA {s} TO {r}",
                     $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
                     $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
                     $"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
                     $"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {r}",
                 })
        {
#pragma warning disable EF1002 // both identifiers are validated above; GRANT takes no parameters
            await db.Database.ExecuteSqlRawAsync(statement, ct);
#pragma warning restore EF1002
        }

        logger.LogInformation("Granted role {Role} read and write on the rows of schema {Schema}", role, schema.Name);
    }

    private string? RuntimeRole() => configuration[RuntimeRoleKey] is { Length: > 0 } role ? role : null;

    private static string Identifier(string name, string what) => PlainIdentifier().IsMatch(name)
        ? $"\"{name}\""
        : throw new MissingConfigurationException($"{what} '{name}' is not a plain PostgreSQL identifier (lower-case letters, digits, _).");

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();
}

/// <summary>The database is reachable but this service's schema is not there: an operator must run the migrate command.</summary>
public sealed class SchemaNotReadyException(string message) : Exception(message);
