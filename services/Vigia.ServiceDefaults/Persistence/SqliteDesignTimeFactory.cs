using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// How <c>dotnet ef</c> makes a service's SQLite context (the embedded default's) without running the
/// service, configured as at run time. Scaffolding opens no file.
/// </summary>
public abstract class SqliteDesignTimeFactory<TSqliteContext>(Func<DbContextOptions<TSqliteContext>, TSqliteContext> create)
    : IDesignTimeDbContextFactory<TSqliteContext>
    where TSqliteContext : DbContext
{
    private const string ScaffoldingOnly = "Data Source=:memory:";

    public TSqliteContext CreateDbContext(string[] args) =>
        create((DbContextOptions<TSqliteContext>)new DbContextOptionsBuilder<TSqliteContext>().UseServiceSqlite(ScaffoldingOnly).Options);
}
