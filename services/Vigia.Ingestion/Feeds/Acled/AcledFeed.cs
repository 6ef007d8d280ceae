using Microsoft.Extensions.Options;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>Runs <see cref="AcledSync"/> at start-up and then every PollInterval; a failed pass is logged and tried again at the next.</summary>
public sealed class AcledFeed(IServiceScopeFactory scopes, IOptions<AcledFeedOptions> options, TimeProvider time, ILogger<AcledFeed> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var read = await scope.ServiceProvider.GetRequiredService<AcledSync>().RunAsync(stoppingToken);
                logger.LogInformation("ACLED feed: {Events} events read", read);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "ACLED feed: the pass failed; the checkpoint stays and the next pass tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
