using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Grpc;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics.Data;
using Vigia.Statistics.Projection;

namespace Vigia.Statistics.Rebuild;

/// <summary>
/// <c>dotnet Vigia.Statistics.dll rebuild</c>: empties statistics' projection and rebuilds it from the registry's
/// change feed (<see cref="ProjectionRebuild"/>), with the service's own database settings, registry address
/// (Services:registry) and service token. Stop statistics first (docs/migrations.md, "Rebuilding statistics").
/// </summary>
public static class RebuildCommand
{
    public const string Verb = "rebuild";

    public static bool IsRequested(string[] args) => args is [Verb, ..];

    public static async Task RunAsync(string[] args)
    {
        using var host = CommandHost.Build(args[1..], builder =>
        {
            builder.AddServiceDatabase<StatisticsDbContext, SqliteStatisticsDbContext>(StatisticsDbContext.Schema);
            builder.AddServiceClient<RegistryService.RegistryServiceClient>("registry", 5102);
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddScoped<IncidentProjection>();
            builder.Services.AddScoped<ProjectionRebuild>();
            builder.Services.Configure<ProjectionRebuildOptions>(builder.Configuration.GetSection(ProjectionRebuildOptions.Section));
        });

        // The schema must be this release's: a rebuild never migrates.
        foreach (var migrator in host.Services.GetServices<ISchemaMigrator>())
        {
            await migrator.VerifyAsync(CancellationToken.None);
        }

        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProjectionRebuild>().RunAsync(CancellationToken.None);
    }
}
