using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.ServiceDefaults.Persistence;

public static class ServiceDatabase
{
    /// <summary>The migrations history table: one per PostgreSQL schema (so each service's history is its own), one per SQLite file.</summary>
    public const string HistoryTable = "__ef_migrations";

    /// <summary>
    /// PostgreSQL when ConnectionStrings:postgres is set (the service keeps its own schema); a SQLite
    /// file under the data folder in the embedded default. The schema's migrations are applied (or, on Kubernetes, checked)
    /// at start-up before the bus starts consuming, or by the <c>migrate</c> command; commits signal their readers and the outbox relay for this context is started.
    /// Contexts come from a pool: the options are built once, and a rented context keeps its internal services, where
    /// building both for every scope was about a tenth of the CPU of a live report's trip (a context per consumer
    /// message, gRPC call and follower wake-up). The contexts keep no state of their own for a pool to carry over.
    /// </summary>
    /// <typeparam name="TContext">The service's context, which carries the PostgreSQL migrations.</typeparam>
    /// <typeparam name="TSqliteContext">The same context on SQLite, which carries the SQLite migrations (EF keeps one set per context type).</typeparam>
    public static IHostApplicationBuilder AddServiceDatabase<TContext, TSqliteContext>(this IHostApplicationBuilder builder, string schema)
        where TContext : DbContext
        where TSqliteContext : TContext
    {
        var postgres = builder.Configuration.GetConnectionString("postgres");
        var embedded = EmbeddedMode.IsOn(builder.Configuration);
        if (string.IsNullOrWhiteSpace(postgres) && !embedded)
        {
            throw new MissingConfigurationException(
                "ConnectionStrings__postgres is not set. Point it at PostgreSQL (Host=...;Database=...;Username=...;Password=...), " +
                "or run Vigia.Standalone for the embedded default.");
        }

        if (!string.IsNullOrWhiteSpace(postgres))
        {
            builder.Services.AddDbContextPool<TContext>((services, options) => options
                .UseServicePostgres(postgres, schema)
                .AddInterceptors(services.GetRequiredService<CommitInterceptor<TContext>>()));
        }
        else
        {
            var sqlitePath = Path.Combine(EmbeddedMode.DataDirectory(builder.Configuration), $"{schema}.db");
            builder.Services.AddDbContextPool<TContext, TSqliteContext>((services, options) =>
            {
                Directory.CreateDirectory(Path.GetDirectoryName(sqlitePath)!);
                // A private cache per connection: with a shared cache SQLite locks tables between the connections of the
                // process, so a gRPC query waited for the registry's write transaction; WAL lets readers go on instead.
                options
                    .UseServiceSqlite($"Data Source={sqlitePath};Pooling=True")
                    .AddInterceptors(services.GetRequiredService<CommitInterceptor<TContext>>());
            });
            builder.Services.AddHostedService<SqlitePlannerStatisticsRefresher<TContext>>();
        }

        builder.Services.AddSingleton(new ServiceSchema<TContext>(schema));
        builder.Services.AddSingleton<ISchemaMigrator, SchemaMigrator<TContext>>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DatabaseInitializer>());
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>($"{schema}-database", tags: [HealthTags.Ready]);
        builder.Services.AddDelivery<TContext>();
        return builder;
    }

    /// <summary>
    /// PostgreSQL as every service uses it, at run time and for <c>dotnet ef</c>: the migrations history in the service's
    /// own schema, the server's JIT compilation off for the service's sessions (<see cref="WithoutJit"/>), pooled
    /// connections handed on without a reset (<see cref="WithoutPoolReset"/>) and the statements they repeat prepared
    /// (<see cref="WithAutoPrepare"/>).
    /// </summary>
    public static DbContextOptionsBuilder UseServicePostgres(this DbContextOptionsBuilder options, string connectionString, string schema) =>
        options.UseNpgsql(WithAutoPrepare(WithoutPoolReset(WithoutJit(connectionString))), npgsql => npgsql.MigrationsHistoryTable(HistoryTable, schema));

    /// <summary>Statements Npgsql keeps prepared on each connection (least recently used first out), by default.</summary>
    public const int MaxAutoPrepare = 64;

    /// <summary>
    /// The connection string with Npgsql's automatic preparation (a statement used twice on a connection is prepared
    /// there, up to <see cref="MaxAutoPrepare"/>), unless it sets <c>Max Auto Prepare</c> itself. Parsing and planning
    /// were about a third of PostgreSQL's CPU while live reports passed, and a report costs some seventy statements of a
    /// few dozen shapes. Tried in the twenty-fifth session and measured worse: the pool's reset then deallocated every
    /// prepared statement at each rental, so they were prepared again and again; handed on without a reset
    /// (<see cref="WithoutPoolReset"/>) they stay. A migration that changes a table's columns makes a prepared
    /// <c>SELECT *</c> of it fail once on each connection of a replica still running (PostgreSQL refuses to change a
    /// cached plan's result type); Npgsql then prepares it again, and the failure counts as transient
    /// (<see cref="Delivery.TransientFailures"/>), so the work is retried, not set aside.
    /// </summary>
    public static string WithAutoPrepare(string connectionString) =>
        UnlessWritten(connectionString, nameof(NpgsqlConnectionStringBuilder.MaxAutoPrepare), b =>
        {
            b.MaxAutoPrepare = MaxAutoPrepare;
            b.AutoPrepareMinUsages = 2;
        });

    /// <summary>
    /// The connection string with <c>No Reset On Close</c>, unless it sets that itself. By default the pool resets a
    /// returned connection (<c>DISCARD ALL</c>, sent with its next statement), and the services open a pooled connection
    /// for every consumer message, gRPC call and relay pass: in three seconds of live reports PostgreSQL ran 2,509 resets,
    /// about 32 a report, each resetting every setting and cache of the session. No service changes its session: its
    /// locks are transaction-scoped (the relays' session locks are on connections of their own, outside the pool) and
    /// it sets nothing (jit is a startup option, <see cref="WithoutJit"/>), so there is nothing to reset; and the
    /// statements Npgsql prepares (<see cref="WithAutoPrepare"/>) are meant to stay.
    /// </summary>
    public static string WithoutPoolReset(string connectionString) =>
        UnlessWritten(connectionString, nameof(NpgsqlConnectionStringBuilder.NoResetOnClose), b => b.NoResetOnClose = true);

    /// <summary>
    /// The connection string as <paramref name="set"/> leaves it, or unchanged when it sets <paramref name="keyword"/>
    /// (an Npgsql property name, written with or without spaces): the operator's own value wins. Npgsql's builder
    /// reports every keyword it knows as present; the plain one holds only those written.
    /// </summary>
    private static string UnlessWritten(string connectionString, string keyword, Action<NpgsqlConnectionStringBuilder> set)
    {
        if (new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        set(builder);
        return builder.ConnectionString;
    }

    /// <summary>
    /// The connection string with <c>jit=off</c> among the session's startup options, unless it sets <c>jit</c> itself.
    /// PostgreSQL compiles a statement whose estimated cost passes a threshold, and a batch's statements (its merge
    /// candidates, the stored rows of its incidents, each joined to a table of 500 keys) pass it on estimates alone,
    /// though they run in milliseconds: at 50,000 incidents, compiling the registry's merge-candidate query took 860 ms
    /// of a statement that ran in 8 (auto_explain, a 100,000-report load). The services ask for short lookups and sums
    /// over daily rollups, where compiling has nothing to win back. A startup option, not a <c>SET</c>: the pool's reset of
    /// a returned connection (<c>DISCARD ALL</c>) puts a <c>SET</c> back to the server's default, a startup option is that
    /// default.
    /// </summary>
    public static string WithoutJit(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options is not { } options || !options.Contains("jit", StringComparison.OrdinalIgnoreCase))
        {
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : $"{builder.Options} -c jit=off";
        }

        return builder.ConnectionString;
    }

    /// <summary>SQLite as the embedded default uses it, at run time and for <c>dotnet ef</c>.</summary>
    public static DbContextOptionsBuilder UseServiceSqlite(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable(HistoryTable)).AddInterceptors(SqliteBusyWait.Instance);

    /// <summary>Puts the model in the service's own schema on PostgreSQL; SQLite has one file per service instead.</summary>
    public static ModelBuilder UseServiceSchema(this ModelBuilder modelBuilder, DbContext context, string schema)
    {
        if (context.Database.IsNpgsql())
        {
            modelBuilder.HasDefaultSchema(schema);
        }

        return modelBuilder;
    }

    /// <summary>
    /// For a large value written once and read once or twice (a bus message of a 500-record batch in the outbox, a
    /// queued batch of changes): PostgreSQL compresses every value over about 2 KB as it stores it, with pglz unless the
    /// column names another method. Storing a bulk batch's message in ingestion's outbox took the database 4-5 ms with
    /// pglz and 0.5-0.9 ms with lz4 (docs/benchmarks.md, twenty-sixth session). SQLite stores values as they are.
    /// </summary>
    public static PropertyBuilder<TProperty> UseFastCompression<TProperty>(this PropertyBuilder<TProperty> property) =>
        property.UseCompressionMethod("lz4");
}

/// <summary>The schema (and SQLite file name) a context's tables live in.</summary>
public sealed record ServiceSchema<TContext>(string Name)
    where TContext : DbContext;
