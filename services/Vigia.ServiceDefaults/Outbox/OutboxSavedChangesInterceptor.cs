using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vigia.ServiceDefaults.Outbox;

/// <summary>Signals the relay after a SaveChanges that wrote outbox rows.</summary>
internal sealed class OutboxSavedChangesInterceptor<TContext> : SaveChangesInterceptor
    where TContext : DbContext
{
    private bool _hasOutboxRows;

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        _hasOutboxRows = eventData.Context?.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added) ?? false;
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (_hasOutboxRows)
        {
            // Inside an explicit transaction this may come before the commit; the relay then finds
            // the rows on its next poll.
            OutboxSignal.For(typeof(TContext)).Notify();
        }

        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}
