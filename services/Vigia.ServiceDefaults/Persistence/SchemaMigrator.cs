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

    /// <summary>
    /// Applies the migrations this release has and the database lacks (adopting a database that release 0.5.0
    /// created without a history first) and, on PostgreSQL, grants the runtime role its data rights.
    /// </summary>
    Task ApplyAsync(CancellationToken ct);

    /// <summary>Throws <see cref="SchemaNotReadyException"/> unless the database has exactly the migrations this release knows.</summary>
    Task VerifyAsync(CancellationToken ct);
}

/// <summary>
/// Several services may share one PostgreSQL database, each in its own schema with its own migrations
/// history, so "the database exists" does not mean "our tables exist": every check is per schema. The
/// owner role applies the migrations; the services can then run as a role that may only read and write rows
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
        if (db.Database.IsNpgsql())
        {
            await CreatePostgresDatabaseAsync(db, ct);
        }

        // An older release's migrate step (a Job re-run, a rollback) must not run over a newer schema.
        var known = db.Database.GetMigrations().ToList();
        var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Except(known).ToList();
        if (unknown.Count > 0)
        {
            throw new SchemaNotReadyException(NewerThanThisRelease(unknown));
        }

        if (await ReleaseBaseline.AdoptAsync(db, schema.Name, ct) is { } adopted)
        {
            logger.LogInformation("Schema {Schema} was created by release 0.5.0: recorded {Migration} as applied", schema.Name, adopted);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        logger.LogInformation("Schema {Schema} is at {Migration}; applied now: {Applied}",
            schema.Name, known.LastOrDefault(), pending.Count == 0 ? "none" : string.Join(", ", pending));

        if (!db.Database.IsNpgsql())
        {
            // WAL lets the four embedded services read while one writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        else if (RuntimeRole() is { } role)
        {
            await GrantRuntimeRoleAsync(db, role, ct);
        }
    }

    public async Task VerifyAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var known = db.Database.GetMigrations().ToList();
        var exists = await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct);
        var applied = exists ? (await db.Database.GetAppliedMigrationsAsync(ct)).ToList() : [];
        var unknown = applied.Except(known).ToList();
        if (unknown.Count > 0)
        {
            throw new SchemaNotReadyException(NewerThanThisRelease(unknown));
        }

        var pending = known.Except(applied).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var state = applied.Count > 0
            ? $"The '{schema.Name}' schema is older than this release of the service"
            : exists && await ReleaseBaseline.HasTablesAsync(db, schema.Name, ct)
                ? $"The '{schema.Name}' schema was made by release 0.5.0 and has no migrations history yet"
                : $"The '{schema.Name}' schema is missing";
        throw new SchemaNotReadyException(
            $"{state}: migrations not applied: {string.Join(", ", pending)}. Run the migrate command first ({MigrateCommandLine()} " +
            "with an owner role's connection string, or the release's vigia-migrate Job on Kubernetes), or set Vigia__Database__ApplyAtStartup=true.");
    }

    private string NewerThanThisRelease(IReadOnlyCollection<string> unknown) =>
        $"The '{schema.Name}' schema is newer than this release of the service: it has migrations this release does not know: " +
        $"{string.Join(", ", unknown)}. Run the release that applied them (or a later one); an older release cannot serve, or migrate, a newer schema.";

    private static string MigrateCommandLine() => $"`dotnet {AppDomain.CurrentDomain.FriendlyName}.dll {MigrateCommand.Verb}`";

    private static async Task CreatePostgresDatabaseAsync(TContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another service created it first.
        }
    }

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
