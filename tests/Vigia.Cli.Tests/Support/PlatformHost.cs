using Vigia.Ingestion;
using Vigia.Registry;
using Vigia.Statistics;
using Vigia.Testing;

namespace Vigia.Cli.Tests.Support;

/// <summary>Ingestion, registry and statistics in one in-memory host, wired as the embedded default wires them.</summary>
internal static class PlatformHost
{
    public static Task<InMemoryServiceHost> StartAsync() =>
        InMemoryServiceHost.StartAsync(
            b =>
            {
                b.AddIngestion();
                b.AddRegistry();
                b.AddStatistics();
            },
            app =>
            {
                app.MapIngestion();
                app.MapRegistry();
                app.MapStatistics();
            });

    public static Task<InMemoryServiceHost> StartIngestionAsync() =>
        InMemoryServiceHost.StartAsync(b => b.AddIngestion(), app => app.MapIngestion());
}
