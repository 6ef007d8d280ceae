using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigia.ServiceDefaults.Persistence;
using Vigia.ServiceDefaults.Telemetry;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// Publishes outbox rows in order, each under its own MessageId, and marks them sent only once the
/// broker confirmed them. A row that fails stays and is retried with back-off: nothing is dropped.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes, IBus bus, OutboxMessageTypes types, CommitSignal<TContext> signal, TimeProvider time,
    ServiceSchema<TContext> schema, DeliveryMetrics metrics, ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private const int BatchSize = 100;
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_retention = TimeSpan.FromDays(1);
    private static readonly ActivitySource s_activitySource = new("Vigia.Outbox");
    private static readonly TimeSpan s_backlogInterval = TimeSpan.FromSeconds(5);

    // One pass at a time in this process: the loop and the hand-over after a SQLite commit must not send a row twice.
    private readonly SemaphoreSlim _pass = new(1, 1);

    private DateTime _lastCleanup = DateTime.MinValue;
    private DateTime _lastBacklog = DateTime.MinValue;

    // Every read starts from the first pending row (position 0): concurrent writers commit their sequence numbers
    // out of order, so a row can become visible behind one already sent.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SequenceLoop.RunAsync($"Outbox relay for {schema.Name}", async ct =>
        {
            await foreach (var _ in SequenceLoop.FollowAsync(signal, 0, (_, ct) => PublishPendingAsync(ct), _ => 0, BatchSize, SequenceLoop.DefaultPollInterval, ct))
            {
                // Each batch is published as it is read.
            }
        }, logger, time, s_maxBackoff, stoppingToken);

    /// <summary>Publishes every pending row now (the hand-over after a commit on SQLite).</summary>
    public async Task PublishAllPendingAsync(CancellationToken ct)
    {
        while ((await PublishPendingAsync(ct)).Count == BatchSize)
        {
            // Another full batch may follow.
        }
    }

    /// <summary>Publishes up to one batch of pending rows, oldest first; returns the rows that went out.</summary>
    private async Task<IReadOnlyList<OutboxMessage>> PublishPendingAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var pending = await db.Set<OutboxMessage>()
                .Where(m => m.SentAt == null)
                .OrderBy(m => m.Sequence)
                .Take(BatchSize)
                .ToListAsync(ct);
            foreach (var row in pending)
            {
                try
                {
                    await PublishAsync(row, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    row.Attempts++;
                    row.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                    await db.SaveChangesAsync(CancellationToken.None);
                    throw;
                }

                row.SentAt = time.GetUtcNow().UtcDateTime;
                row.Attempts++;
                // Marked one by one: a crash then republishes at most one message, which consumers dedupe.
                await db.SaveChangesAsync(CancellationToken.None);
                metrics.RecordPublished(schema.Name, row.MessageType);
            }

            await RecordBacklogAsync(db, ct);

            if (pending.Count < BatchSize)
            {
                await CleanupAsync(db, ct);
            }

            return pending;
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task PublishAsync(OutboxMessage row, CancellationToken ct)
    {
        var type = types.Find(row.MessageType)
            ?? throw new InvalidOperationException($"Outbox row {row.Sequence} holds {row.MessageType}, which this service does not publish.");
        var message = JsonSerializer.Deserialize(row.Body, type, OutboxDbContextExtensions.JsonOptions)
            ?? throw new InvalidOperationException($"Outbox row {row.Sequence} has an empty body.");

        using var activity = row.TraceParent is { } parent && ActivityContext.TryParse(parent, null, out var context)
            ? s_activitySource.StartActivity("outbox publish", ActivityKind.Producer, context)
            : s_activitySource.StartActivity("outbox publish", ActivityKind.Producer);
        activity?.SetTag("messaging.message.id", row.MessageId.ToString());
        activity?.SetTag("messaging.message.type", row.MessageType);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(s_publishTimeout);
        await bus.Publish(message, type, Pipe.Execute<PublishContext>(c => c.MessageId = row.MessageId), timeout.Token);
    }

    // The backlog is a gauge read every few seconds at most: measuring it after every pass would put two more
    // queries on each commit's hand-over. One grouped query gives both the count and the oldest row.
    private async Task RecordBacklogAsync(TContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now - _lastBacklog < s_backlogInterval)
        {
            return;
        }

        _lastBacklog = now;
        var backlog = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt == null)
            .GroupBy(_ => 1)
            .Select(g => new { Pending = g.LongCount(), Oldest = g.Min(m => m.CreatedAt) })
            .SingleOrDefaultAsync(ct);
        metrics.RecordOutbox(schema.Name, backlog?.Pending ?? 0, backlog is null ? TimeSpan.Zero : now - backlog.Oldest);
    }

    private async Task CleanupAsync(TContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now - _lastCleanup < TimeSpan.FromMinutes(10))
        {
            return;
        }

        _lastCleanup = now;
        var cutoff = now - s_retention;
        await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(ct);
        await db.Set<InboxMessage>().Where(m => m.ProcessedAt < cutoff.AddDays(-6)).ExecuteDeleteAsync(ct);
    }
}
