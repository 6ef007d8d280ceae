using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Statistics.Data;

/// <summary>How <c>dotnet ef</c> makes the statistics context on PostgreSQL (scripts/add-migration.sh).</summary>
public sealed class PostgresStatisticsDbContextFactory() : PostgresDesignTimeFactory<StatisticsDbContext>(StatisticsDbContext.Schema, options => new StatisticsDbContext(options));

/// <summary>How <c>dotnet ef</c> makes the statistics context on SQLite (scripts/add-migration.sh).</summary>
public sealed class SqliteStatisticsDbContextFactory() : SqliteDesignTimeFactory<SqliteStatisticsDbContext>(options => new SqliteStatisticsDbContext(options));
