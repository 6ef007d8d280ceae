using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// <c>dotnet Vigia.&lt;Service&gt;.dll migrate</c>: applies the service's migrations with the connection
/// string it is given (an owner role), grants the runtime role, and exits. Run once per release before
/// the new version rolls out (the vigia-migrate Job on Kubernetes; docs/migrations.md). It builds a host with
/// the database alone: no broker, identity provider or other service needs to be configured or reachable to migrate.
/// </summary>
public static class MigrateCommand
{
    public const string Verb = "migrate";

    public static bool IsRequested(string[] args) => args is [Verb, ..];

    /// <param name="addDatabase">The service's database registration, e.g. <c>b => b.AddServiceDatabase&lt;RegistryDbContext, SqliteRegistryDbContext&gt;(RegistryDbContext.Schema)</c>.</param>
    public static async Task RunAsync(string[] args, Action<IHostApplicationBuilder> addDatabase)
    {
        using var host = CommandHost.Build(args[1..], addDatabase);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand));
        foreach (var migrator in host.Services.GetServices<ISchemaMigrator>())
        {
            await migrator.ApplyAsync(CancellationToken.None);
            logger.LogInformation("Schema {Schema} is migrated", migrator.Schema);
        }
    }
}
