using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// Fires the <see cref="CommitSignal{TContext}"/> when a write commits: after a SaveChanges outside a transaction,
/// or when an explicit transaction commits (SaveChanges inside one is not yet visible to readers). On SQLite it
/// also hands the committed outbox rows to the bus before the writer goes on: SQLite has one writer, so the relay's
/// loop, marking rows while the next consumer transaction held the file, lost nearly every race and the messages
/// (and the alerts after them) waited for the whole backlog.
/// </summary>
public sealed class CommitInterceptor<TContext>(CommitSignal<TContext> signal, IServiceProvider services, ILogger<CommitInterceptor<TContext>> logger)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TContext : DbContext
{
    private readonly ConditionalWeakTable<DbContext, PendingCommit> _pending = [];

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            var pending = _pending.GetOrCreateValue(context);
            pending.Saving = true;
            foreach (var entry in context.ChangeTracker.Entries())
            {
                if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                {
                    pending.Wrote = true;
                }

                if (entry.State == EntityState.Added)
                {
                    pending.Added.Add(entry.Metadata.ClrType);
                }
            }
        }

        return ValueTask.FromResult(result);
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending))
        {
            pending.Saving = false;
            if (context.Database.CurrentTransaction is null)
            {
                await CommittedAsync(context, pending, cancellationToken);
            }
        }

        return result;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending))
        {
            pending.Saving = false;
            if (context.Database.CurrentTransaction is null)
            {
                pending.Clear();
            }
        }

        return Task.CompletedTask;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // SaveChanges' own transaction is announced once SaveChanges has finished (SavedChangesAsync).
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending) && !pending.Saving)
        {
            await CommittedAsync(context, pending, cancellationToken);
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending) && !pending.Saving)
        {
            pending.Clear();
        }

        return Task.CompletedTask;
    }

    private async Task CommittedAsync(DbContext context, PendingCommit pending, CancellationToken ct)
    {
        if (!pending.Wrote)
        {
            return;
        }

        var wroteOutbox = pending.Added.Contains(typeof(OutboxMessage));
        signal.Notify(pending.Added);
        pending.Clear();
        if (!wroteOutbox || !context.Database.IsSqlite())
        {
            return;
        }

        try
        {
            await services.GetRequiredService<OutboxRelay<TContext>>().PublishAllPendingAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "Handing over after commit failed; the relay's loop retries");
        }
    }

    /// <summary>What one DbContext instance wrote since its last commit.</summary>
    private sealed class PendingCommit
    {
        public bool Saving { get; set; }
        public bool Wrote { get; set; }

        /// <summary>The entity types it added rows of (tracked: a bulk insert or raw SQL is not seen here).</summary>
        public HashSet<Type> Added { get; } = [];

        public void Clear()
        {
            Wrote = false;
            Added.Clear();
        }
    }
}
