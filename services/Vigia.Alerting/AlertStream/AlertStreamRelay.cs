using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;

namespace Vigia.Alerting.AlertStream;

/// <summary>
/// Sends committed alert events to the vigia.alerts exchange in order, marking each published only
/// once the broker confirmed it, and retrying with back-off until it does: nothing is dropped, and a
/// crash between confirm and mark sends one event twice, which subscribers de-duplicate by id.
/// Silenced events are recorded but never sent.
/// </summary>
public sealed class AlertStreamRelay(
    IServiceScopeFactory scopes, AlertExchangePublisher publisher, AlertEventSignal signal, TimeProvider time,
    ILogger<AlertStreamRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = signal.CreateWaiter();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Declared at start, so subscribers can bind before the first alert.
                await publisher.EnsureConnectedAsync(stoppingToken);
                var published = await PublishPendingAsync(stoppingToken);
                failures = 0;
                if (published < BatchSize)
                {
                    await wait(s_pollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(s_maxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures, 10))));
                logger.LogWarning(ex, "Publishing to the alert stream failed {Failures} time(s); retrying in {Delay}", failures, delay);
                await Task.Delay(delay, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public async Task<int> PublishPendingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        var pending = await db.AlertEvents
            .Where(e => e.PublishedAt == null && !e.Suppressed)
            .OrderBy(e => e.Sequence)
            .Take(BatchSize)
            .ToListAsync(ct);
        foreach (var row in pending)
        {
            await publisher.PublishAsync(row.ToEvent(), ct);
            row.PublishedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return pending.Count;
    }
}
