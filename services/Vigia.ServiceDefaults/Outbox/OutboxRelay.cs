using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigia.Contracts.Messages;

namespace Vigia.ServiceDefaults.Outbox;

/// <summary>
/// Publishes outbox rows in order, each under its own MessageId, and marks them sent only once the
/// broker confirmed them. A row that fails stays and is retried with back-off: nothing is dropped.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes, IBus bus, TimeProvider time, ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private const int BatchSize = 100;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_retention = TimeSpan.FromDays(1);
    private static readonly ActivitySource s_activitySource = new("Vigia.Outbox");

    // One pass at a time in this process: the background loop and AfterCommitAsync must not send a row twice.
    private readonly SemaphoreSlim _pass = new(1, 1);
    private DateTime _lastCleanup = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishPendingAsync(stoppingToken);
                failures = 0;
                if (published == BatchSize)
                {
                    continue;
                }

                await CleanupAsync(stoppingToken);
                await OutboxSignal.For(typeof(TContext)).WaitAsync(s_pollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(s_maxBackoff.TotalMilliseconds, 200 * Math.Pow(2, failures)));
                logger.LogWarning(ex, "Outbox relay for {Context} failed {Failures} time(s); retrying in {Delay}",
                    typeof(TContext).Name, failures, delay);
                await Task.Delay(delay, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Call after committing an explicit transaction that wrote outbox rows (the SaveChanges interceptor signals before
    /// such a commit, when the rows are not yet visible). Wakes the relay's loop; on SQLite (the embedded default,
    /// in-memory bus) also publishes the rows at once, before the caller takes its next message: SQLite has one writer and
    /// no queue, so the loop, retrying its row updates while a consumer's next transaction held the file, lost nearly every
    /// race, and the messages (and the alerts after them) waited for the whole backlog. Failures are left to the loop,
    /// which retries.
    /// </summary>
    public async Task AfterCommitAsync(DbContext committed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(committed);
        OutboxSignal.For(typeof(TContext)).Notify();
        if (!committed.Database.IsSqlite())
        {
            return;
        }

        try
        {
            int published;
            do
            {
                published = await PublishPendingAsync(ct);
            }
            while (published == BatchSize);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "Publishing after commit failed; the relay's loop retries");
        }
    }

    /// <summary>Publishes up to one batch of pending rows; returns how many went out.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            return await PublishPendingPassAsync(ct);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<int> PublishPendingPassAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var pending = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt == null)
            .OrderBy(m => m.Sequence)
            .Take(BatchSize)
            .ToListAsync(ct);

        var sent = 0;
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
            sent++;
            // Marked one by one: a crash then republishes at most one message, which consumers dedupe.
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return sent;
    }

    private async Task PublishAsync(OutboxMessage row, CancellationToken ct)
    {
        var type = typeof(ReportsAccepted).Assembly.GetType(row.MessageType)
            ?? throw new InvalidOperationException($"Unknown outbox message type {row.MessageType}.");
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

    private async Task CleanupAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now - _lastCleanup < TimeSpan.FromMinutes(10))
        {
            return;
        }

        _lastCleanup = now;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = now - s_retention;
        await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(ct);
        await db.Set<InboxMessage>().Where(m => m.ProcessedAt < cutoff.AddDays(-6)).ExecuteDeleteAsync(ct);
    }
}

public static class OutboxRelayRegistration
{
    public static IServiceCollection AddOutboxRelay<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddSingleton<OutboxRelay<TContext>>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TContext>>());
        return services;
    }
}
