using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Vigia.ServiceDefaults.Messaging;

/// <summary>
/// Stops the bus before any hosted service stops. The host stops its web server first (it started last), and a consumer
/// in the middle of a gRPC call to a service of the same process (the embedded default runs all four in one) would
/// otherwise retry against a closed port until the stop timeout, and its message would be redelivered after a restart
/// rather than finished now. <see cref="IHostedLifecycleService.StoppingAsync"/> runs for every service before any
/// StopAsync; stopping the bus lets in-flight messages finish while the server still answers.
/// </summary>
/// <remarks>
/// The wait is bounded by MassTransit's own stop timeout, not the host's whole shutdown budget: the outbox relays stop
/// after this and must still hand back their leases. A consumer still busy then is cancelled, and its message
/// redelivered after the restart (every consumer is idempotent behind its inbox).
/// </remarks>
internal sealed class BusStopsBeforeServer(IBusControl bus, IOptions<MassTransitHostOptions> options, ILogger<BusStopsBeforeServer> logger)
    : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(options.Value.StopTimeout ?? TimeSpan.FromSeconds(10));
        try
        {
            await bus.StopAsync(patience.Token);
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            logger.LogWarning("The bus did not stop within {StopTimeout}; messages still in flight will be redelivered", options.Value.StopTimeout);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
