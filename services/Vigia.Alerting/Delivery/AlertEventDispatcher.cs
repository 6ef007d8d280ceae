using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// Feeds this replica's live subscribers from alert_events in sequence order, after the events are committed:
/// nothing is announced that a crash could still undo. Every replica's dispatcher reads every replica's events, so a
/// subscriber sees them all wherever it is connected. Other replicas commit out of sequence order, so the dispatcher
/// stops at a hole in the numbers until <see cref="SequenceGaps"/> says it is final: nothing committed late is
/// skipped, and nothing is sent twice.
/// </summary>
public sealed class AlertEventDispatcher(
    IServiceScopeFactory scopes, AlertFeed feed, CommitSignal<AlertingDbContext> committed, TimeProvider time,
    ILogger<AlertEventDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 500;

    // Read after every commit here that may add events.
    private static readonly CompiledPerModel<Func<AlertingDbContext, long, IAsyncEnumerable<AlertEventRecord>>> s_after = new(() => EF.CompileAsyncQuery(
        (AlertingDbContext db, long after) => db.AlertEvents.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(BatchSize)));

    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);

    private readonly SequenceGaps _gaps = new();

    // -1 until the first start: subscribers connected before a restart reconnect with resume_after.
    private long _dispatchedThrough = -1;

    // Whether the last read stopped at a hole that may still fill.
    private bool _atHole;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SequenceLoop.RunAsync("Alert event dispatch", async ct =>
        {
            if (_dispatchedThrough < 0)
            {
                _dispatchedThrough = await SettledFrontierAsync(ct);
                feed.Advance(_dispatchedThrough);
            }

            await foreach (var rows in SequenceLoop.FollowAsync(
                committed, _dispatchedThrough, ReadAfterAsync, e => e.Sequence, BatchSize, SequenceLoop.DefaultPollInterval, ct, RelevantCommits))
            {
                // Before the events go out, so a subscriber that replays up to the frontier meets the rest live.
                feed.Advance(rows[^1].Sequence);
                foreach (var row in rows.Where(r => !r.Suppressed))
                {
                    feed.Publish(new CommittedAlertEvent(row.Sequence, row.ToEvent()));
                }

                _dispatchedThrough = rows[^1].Sequence;
            }
        }, logger, time, s_maxBackoff, stoppingToken);

    /// <summary>
    /// What wakes the dispatcher: a commit here that added alert events; stopped at a hole, any commit, as the next look
    /// may find the hole final (<see cref="SequenceGaps"/>).
    /// </summary>
    private long? RelevantCommits() => _atHole ? null : committed.AddedCommits(typeof(AlertEventRecord));

    private async Task<long> SettledFrontierAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await _gaps.SettledFrontierAsync(scope.ServiceProvider.GetRequiredService<AlertingDbContext>(), ct);
    }

    /// <summary>The committed events after <paramref name="after"/>, up to the first hole that may still fill.</summary>
    private async Task<IReadOnlyList<AlertEventRecord>> ReadAfterAsync(long after, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        var rows = await s_after.For(db)(db, after).ToListAsync(ct);
        var ready = new List<AlertEventRecord>(rows.Count);
        var next = after + 1;
        _atHole = false;
        foreach (var row in rows)
        {
            if (row.Sequence != next && !await _gaps.SettledAsync(db, next, ct))
            {
                _atHole = true;
                break;
            }

            ready.Add(row);
            next = row.Sequence + 1;
        }

        return ready;
    }
}
