using Microsoft.EntityFrameworkCore;

namespace Vigia.Registry.Data;

/// <summary>
/// The registry model on SQLite (the embedded default). EF keeps one migrations set per context type, so
/// this type exists to carry the SQLite migrations (Data/Migrations/Sqlite) beside the PostgreSQL ones.
/// </summary>
public sealed class SqliteRegistryDbContext(DbContextOptions<SqliteRegistryDbContext> options) : RegistryDbContext(options);
