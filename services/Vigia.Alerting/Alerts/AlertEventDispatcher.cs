using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;

namespace Vigia.Alerting.Alerts;

/// <summary>
/// Feeds the live subscribers from alert_events in sequence order, after the events are committed:
/// nothing is announced that a crash could still undo. Evaluation runs one message at a time, so
/// sequences commit in order and reading "after the last sequence" misses none.
/// </summary>
public sealed class AlertEventDispatcher(
    IServiceScopeFactory scopes, AlertFeed feed, AlertEventSignal signal, ILogger<AlertEventDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = signal.CreateWaiter();
        long last = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (last < 0)
                {
                    // Subscribers that were connected before a restart reconnect with resume_after.
                    last = await LatestSequenceAsync(stoppingToken);
                }

                var dispatched = await DispatchAsync(last, stoppingToken);
                if (dispatched.Count > 0)
                {
                    last = dispatched.Last;
                }

                if (dispatched.Count < BatchSize)
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
                logger.LogWarning(ex, "Alert event dispatch failed; retrying");
                await Task.Delay(s_pollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<long> LatestSequenceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        return await db.AlertEvents.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
    }

    private async Task<(int Count, long Last)> DispatchAsync(long after, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        var rows = await db.AlertEvents.AsNoTracking()
            .Where(e => e.Sequence > after)
            .OrderBy(e => e.Sequence)
            .Take(BatchSize)
            .ToListAsync(ct);
        foreach (var row in rows.Where(r => !r.Suppressed))
        {
            feed.Publish(new CommittedAlertEvent(row.Sequence, row.ToEvent()));
        }

        return (rows.Count, rows.Count > 0 ? rows[^1].Sequence : after);
    }
}
