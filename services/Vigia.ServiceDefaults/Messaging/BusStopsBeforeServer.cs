using MassTransit;
using Microsoft.Extensions.Hosting;

namespace Vigia.ServiceDefaults.Messaging;

/// <summary>
/// Stops the bus before any hosted service stops. The host stops its web server first (it started last), and a consumer
/// in the middle of a gRPC call to a service of the same process (the embedded default runs all four in one) would
/// otherwise retry against a closed port until the stop timeout, and its message would be redelivered after a restart
/// rather than finished now. <see cref="IHostedLifecycleService.StoppingAsync"/> runs for every service before any
/// StopAsync; stopping the bus lets in-flight messages finish while the server still answers.
/// </summary>
internal sealed class BusStopsBeforeServer(IBusControl bus) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken) => bus.StopAsync(cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
