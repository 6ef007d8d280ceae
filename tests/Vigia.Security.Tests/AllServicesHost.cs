using Microsoft.Extensions.DependencyInjection;
using Vigia.Alerting;
using Vigia.Ingestion;
using Vigia.Registry;
using Vigia.Statistics;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.Security.Tests;

/// <summary>The four services in one in-memory host, as the embedded default composes them; alerting reaches statistics through the host itself.</summary>
public static class AllServicesHost
{
    /// <param name="overSockets">Kestrel on a loopback port instead of the TestServer (<see cref="InMemoryServiceHost.StartAsync"/>).</param>
    public static Task<InMemoryServiceHost> StartAsync(IDictionary<string, string?>? settings = null, bool overSockets = false) =>
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
            b => b.Services.AddGrpcClient<StatisticsService.StatisticsServiceClient>((sp, o) => o.Address = InMemoryServiceHost.BaseAddressOf(sp))
                .ConfigurePrimaryHttpMessageHandler(sp => InMemoryServiceHost.HandlerFor(sp) ?? new SocketsHttpHandler()),
            settings,
            overSockets);
}

/// <summary>One host for a whole test class.</summary>
public sealed class AllServicesFixture : IAsyncLifetime
{
    public InMemoryServiceHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await AllServicesHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
