using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// Sends committed alert events to the public stream's sinks (the vigia.alerts exchange, Dapr pub/sub) in
/// order, marking each published only once every sink confirmed it, and retrying with back-off until they
/// do: nothing is dropped. With several replicas only the one holding the stream's <see cref="RelayLease"/> publishes,
/// so no event goes out twice, but in two cases, both sending the event again with the same id, which subscribers
/// de-duplicate by the CloudEvent id: a crash between confirm and mark (the next holder sends it again), and a lease
/// connection dropped without a word, which this replica notices within <see cref="RelayLease.ConfirmInterval"/>.
/// Silenced events are recorded but never sent.
/// </summary>
public sealed class AlertStreamRelay(
    IServiceScopeFactory scopes, IEnumerable<IAlertStreamSink> sinks, CommitSignal<AlertingDbContext> committed, TimeProvider time,
    ILogger<AlertStreamRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);

    private readonly RelayPasses _passes = new("alerts", logger);

    // Every read starts from the first unpublished event (position 0), like the outbox relay's.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SequenceLoop.RunAsync("Publishing to the alert stream", async ct =>
        {
            // Declared at start, so subscribers can bind before the first alert.
            foreach (var sink in sinks)
            {
                await sink.PrepareAsync(ct);
            }

            await foreach (var _ in SequenceLoop.FollowAsync(
                committed, 0, (_, ct) => PublishPendingAsync(ct), _ => 0, BatchSize, SequenceLoop.DefaultPollInterval, ct,
                () => committed.AddedCommits(typeof(AlertEventRecord))))
            {
                // Each batch is published as it is read.
            }
        }, logger, time, s_maxBackoff, stoppingToken);

    /// <summary>Stops following and gives up the lease, so another replica takes over at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _passes.ReleaseAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _passes.Dispose();
        base.Dispose();
    }

    /// <summary>One pass over the unpublished events, when this replica holds the stream's lease (nothing otherwise).</summary>
    public async Task<IReadOnlyList<AlertEventRecord>> PublishPendingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        return await _passes.RunAsync(db, ct => PublishPendingAsync(db, ct), ct);
    }

    private async Task<IReadOnlyList<AlertEventRecord>> PublishPendingAsync(AlertingDbContext db, CancellationToken ct)
    {
        var pending = await db.AlertEvents
            .Where(e => e.PublishedAt == null && !e.Suppressed)
            .OrderBy(e => e.Sequence)
            .Take(BatchSize)
            .ToListAsync(ct);
        foreach (var row in pending)
        {
            var alertEvent = row.ToEvent();
            foreach (var sink in sinks)
            {
                await sink.PublishAsync(alertEvent, row.TraceParent, ct);
            }

            row.PublishedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return pending;
    }
}
