using Microsoft.EntityFrameworkCore;

namespace Vigia.Alerting.Data;

/// <summary>
/// The alerting model on SQLite (the embedded default). EF keeps one migrations set per context type, so
/// this type exists to carry the SQLite migrations (Data/Migrations/Sqlite) beside the PostgreSQL ones.
/// </summary>
public sealed class SqliteAlertingDbContext(DbContextOptions<SqliteAlertingDbContext> options) : AlertingDbContext(options);
