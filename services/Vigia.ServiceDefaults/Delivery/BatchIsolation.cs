using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// One bad item never stops a bus batch. A consumer hands its batch to <see cref="HandleAsync"/>: when the batch
/// fails as a whole for a reason that is not transient (bad data, a value the database refuses, a bug one item
/// triggers), each item is handled again on its own, and an item that still fails is set aside
/// (<see cref="SetAsideItem"/>) while the others go on. A transient failure (<see cref="TransientFailures"/>: the
/// database unreachable) is thrown, so the consumer waits for its dependency with the whole message.
/// </summary>
public sealed class BatchIsolation<TContext>(TContext db, TimeProvider time, ILogger<BatchIsolation<TContext>> logger)
    where TContext : DbContext
{
    /// <param name="handle">Handles some items and commits them (with their outbox messages); idempotent per item.</param>
    public async Task HandleAsync<TItem>(
        ConsumeContext context, string consumer, IReadOnlyList<TItem> items,
        Func<IReadOnlyList<TItem>, CancellationToken, Task> handle, Func<TItem, string> keyOf)
    {
        var ct = context.CancellationToken;
        try
        {
            await handle(items, ct);
            return;
        }
        catch (Exception ex) when (!TransientFailures.IsTransient(ex) && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "{Consumer}: message {MessageId} failed as a whole; handling its {Count} items one by one",
                consumer, context.MessageId, items.Count);
        }

        // The inbox mark waits until every item is handled or set aside: a crash half-way redelivers the message,
        // and handling is idempotent per item.
        var marks = Forget();
        var setAside = new List<SetAsideItem>();
        foreach (var item in items)
        {
            try
            {
                await handle([item], ct);
            }
            catch (Exception ex) when (!TransientFailures.IsTransient(ex) && !ct.IsCancellationRequested)
            {
                var key = keyOf(item);
                logger.LogError(ex, "{Consumer}: set aside {Item} of message {MessageId}", consumer, key, context.MessageId);
                setAside.Add(SetAsideItem.For(consumer, context.MessageId ?? Guid.Empty, key, item, ex, time.GetUtcNow().UtcDateTime));
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        db.AddRange(marks);
        db.AddRange(setAside);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Drops every tracked change (the failed attempt's), returning the inbox marks to add back at the end.</summary>
    private List<InboxMessage> Forget()
    {
        var marks = db.ChangeTracker.Entries<InboxMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        db.ChangeTracker.Clear();
        return marks;
    }
}
