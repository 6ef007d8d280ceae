using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// <c>dotnet Vigia.&lt;Service&gt;.dll migrate</c>: applies the service's schema with the connection
/// string it is given (an owner role), grants the runtime role, and exits. Run once per release before
/// the new version rolls out (the vigia-migrate Job on Kubernetes). It builds a host with the database
/// alone: no broker, identity provider or other service needs to be configured or reachable to migrate.
/// </summary>
public static class MigrateCommand
{
    public const string Verb = "migrate";

    public static bool IsRequested(string[] args) => args is [Verb, ..];

    /// <param name="addDatabase">The service's database registration, e.g. <c>b => b.AddServiceDatabase&lt;RegistryDbContext&gt;("registry")</c>.</param>
    public static async Task RunAsync(string[] args, Action<IHostApplicationBuilder> addDatabase)
    {
        var builder = Host.CreateApplicationBuilder(args[1..]);
        // The delivery services beside the context (relay, signal) are registered but never started, so the bus
        // they would need is not there: validating the whole container would refuse it.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true }));
        addDatabase(builder);
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand));
        foreach (var migrator in host.Services.GetServices<ISchemaMigrator>())
        {
            await migrator.ApplyAsync(CancellationToken.None);
            logger.LogInformation("Schema {Schema} is migrated", migrator.Schema);
        }
    }
}
