using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// How <c>dotnet ef</c> makes a service's PostgreSQL context without running the service (no broker,
/// keys or configuration): configured as at run time, so the migrations it scaffolds are the ones the
/// service applies. Scaffolding never connects; apply migrations with the service's <c>migrate</c> command.
/// </summary>
public abstract class PostgresDesignTimeFactory<TContext>(string schema, Func<DbContextOptions<TContext>, TContext> create)
    : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    private const string ScaffoldingOnly = "Host=localhost;Database=vigia_design_time";

    public TContext CreateDbContext(string[] args) =>
        create((DbContextOptions<TContext>)new DbContextOptionsBuilder<TContext>().UseServicePostgres(ScaffoldingOnly, schema).Options);
}
