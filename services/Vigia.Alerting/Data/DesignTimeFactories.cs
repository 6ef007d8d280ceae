using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Data;

/// <summary>How <c>dotnet ef</c> makes the alerting context on PostgreSQL (scripts/add-migration.sh).</summary>
public sealed class PostgresAlertingDbContextFactory() : PostgresDesignTimeFactory<AlertingDbContext>(AlertingDbContext.Schema, options => new AlertingDbContext(options));

/// <summary>How <c>dotnet ef</c> makes the alerting context on SQLite (scripts/add-migration.sh).</summary>
public sealed class SqliteAlertingDbContextFactory() : SqliteDesignTimeFactory<SqliteAlertingDbContext>(options => new SqliteAlertingDbContext(options));
