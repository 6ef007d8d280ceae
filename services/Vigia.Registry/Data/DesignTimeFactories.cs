using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Registry.Data;

/// <summary>How <c>dotnet ef</c> makes the registry context on PostgreSQL (scripts/add-migration.sh).</summary>
public sealed class PostgresRegistryDbContextFactory() : PostgresDesignTimeFactory<RegistryDbContext>(RegistryDbContext.Schema, options => new RegistryDbContext(options));

/// <summary>How <c>dotnet ef</c> makes the registry context on SQLite (scripts/add-migration.sh).</summary>
public sealed class SqliteRegistryDbContextFactory() : SqliteDesignTimeFactory<SqliteRegistryDbContext>(options => new SqliteRegistryDbContext(options));
