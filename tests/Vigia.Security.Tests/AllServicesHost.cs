using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Vigia.Alerting;
using Vigia.Ingestion;
using Vigia.Registry;
using Vigia.Statistics;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.Security.Tests;

/// <summary>The four services in one in-memory host, as the embedded default composes them; alerting reaches statistics over the TestServer.</summary>
public static class AllServicesHost
{
    public static Task<InMemoryServiceHost> StartAsync(IDictionary<string, string?>? settings = null) =>
        InMemoryServiceHost.StartAsync(
            b =>
            {
                b.AddIngestion();
                b.AddRegistry();
                b.AddStatistics();
                b.AddAlerting();
            },
            app =>
            {
                app.MapIngestion();
                app.MapRegistry();
                app.MapStatistics();
                app.MapAlerting();
            },
            b => b.Services.AddGrpcClient<StatisticsService.StatisticsServiceClient>(o => o.Address = new Uri("http://localhost"))
                .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler()),
            settings);
}

/// <summary>One host for a whole test class.</summary>
public sealed class AllServicesFixture : IAsyncLifetime
{
    public InMemoryServiceHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await AllServicesHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
