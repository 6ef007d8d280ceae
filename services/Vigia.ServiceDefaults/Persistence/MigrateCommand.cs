using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// <c>dotnet Vigia.&lt;Service&gt;.dll migrate</c>: applies the service's schema with the connection
/// string it is given (an owner role), grants the runtime role, and exits without serving. Run once per
/// release before the new version rolls out (the vigia-migrate Job on Kubernetes).
/// </summary>
public static class MigrateCommand
{
    public const string Verb = "migrate";

    /// <summary>Whether this process was started to migrate (it then needs a database, not a bus).</summary>
    public static bool IsRequested() => Environment.GetCommandLineArgs() is [_, Verb, ..];

    /// <returns>True when the arguments asked for the migrate command and it ran (the caller then exits).</returns>
    public static async Task<bool> RunIfRequestedAsync(this WebApplication app, string[] args)
    {
        if (args is not [Verb, ..])
        {
            return false;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand));
        foreach (var migrator in app.Services.GetServices<ISchemaMigrator>())
        {
            await migrator.ApplyAsync(app.Lifetime.ApplicationStopping);
            logger.LogInformation("Schema {Schema} is migrated", migrator.Schema);
        }

        return true;
    }
}
