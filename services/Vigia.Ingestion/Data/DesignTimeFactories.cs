using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Ingestion.Data;

/// <summary>How <c>dotnet ef</c> makes the ingestion context on PostgreSQL (scripts/add-migration.sh).</summary>
public sealed class PostgresIngestionDbContextFactory() : PostgresDesignTimeFactory<IngestionDbContext>(IngestionDbContext.Schema, options => new IngestionDbContext(options));

/// <summary>How <c>dotnet ef</c> makes the ingestion context on SQLite (scripts/add-migration.sh).</summary>
public sealed class SqliteIngestionDbContextFactory() : SqliteDesignTimeFactory<SqliteIngestionDbContext>(options => new SqliteIngestionDbContext(options));
