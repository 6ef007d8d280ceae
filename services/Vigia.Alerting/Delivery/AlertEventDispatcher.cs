using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// Feeds the live subscribers from alert_events in sequence order, after the events are committed:
/// nothing is announced that a crash could still undo. Evaluation runs one message at a time, so
/// sequences commit in order and reading "after the last sequence" misses none.
/// </summary>
public sealed class AlertEventDispatcher(
    IServiceScopeFactory scopes, AlertFeed feed, CommitSignal<AlertingDbContext> committed, TimeProvider time,
    ILogger<AlertEventDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);

    // -1 until the first start: subscribers connected before a restart reconnect with resume_after.
    private long _dispatchedThrough = -1;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SequenceLoop.RunAsync("Alert event dispatch", async ct =>
        {
            if (_dispatchedThrough < 0)
            {
                _dispatchedThrough = await LatestSequenceAsync(ct);
            }

            await foreach (var rows in SequenceLoop.FollowAsync(
                committed, _dispatchedThrough, ReadAfterAsync, e => e.Sequence, BatchSize, SequenceLoop.DefaultPollInterval, ct))
            {
                foreach (var row in rows.Where(r => !r.Suppressed))
                {
                    feed.Publish(new CommittedAlertEvent(row.Sequence, row.ToEvent()));
                }

                _dispatchedThrough = rows[^1].Sequence;
            }
        }, logger, time, s_maxBackoff, stoppingToken);

    private async Task<long> LatestSequenceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        return await db.AlertEvents.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
    }

    private async Task<IReadOnlyList<AlertEventRecord>> ReadAfterAsync(long after, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        return await db.AlertEvents.AsNoTracking()
            .Where(e => e.Sequence > after)
            .OrderBy(e => e.Sequence)
            .Take(BatchSize)
            .ToListAsync(ct);
    }
}
