using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// A consumer's group commit: messages that arrive while this replica commits another are handled together, in one
/// transaction, as soon as it is done. Most of a bulk batch's cost is per transaction, not per item (its commit, its
/// queries, and on SQLite the pages of date-keyed indexes, which 500 rows of random days dirty nearly all of), and what
/// the transaction publishes carries the whole group on, so the stages after it work in larger batches too. A message
/// that finds no transaction under way is handled at once, alone: nothing waits for a group to fill, and the consumer's
/// endpoint bounds a group by how many messages it takes at once. If a group's transaction fails, each of its messages
/// is handled on its own, one after another, as if it had come alone.
/// </summary>
/// <typeparam name="TMessage">What a consumer hands over: its consume context.</typeparam>
/// <param name="itemsOf">How many items (reports, snapshots) a message carries.</param>
/// <param name="maxItems">A group takes waiting messages, in order, while their items come to no more than this; a
/// message larger on its own still goes, alone.</param>
public sealed class GroupCommit<TMessage>(Func<TMessage, int> itemsOf, int maxItems = GroupCommit.MaxItems)
{
    private readonly Lock _gate = new();
    private readonly List<WaitingMessage> _waiting = [];
    private bool _committing;
    private int _pending;

    /// <summary>Messages handed over and not yet handled: the group under way and those waiting for it.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>
    /// Handles <paramref name="message"/>, alone or in a group, and returns once it is committed (in its group, or by
    /// <paramref name="alone"/>).
    /// </summary>
    /// <param name="together">Handles a group, this message first, in one transaction that also marks each message handled;
    /// returns false when it failed and committed nothing.</param>
    /// <param name="alone">Handles this message on its own, as a consumer does.</param>
    /// <param name="committedInGroup">Called when another message's transaction committed this one.</param>
    public async Task HandleAsync(TMessage message, Func<IReadOnlyList<TMessage>, Task<bool>> together, Func<Task> alone, Action committedInGroup)
    {
        Interlocked.Increment(ref _pending);
        try
        {
            await HandleInTurnAsync(message, together, alone, committedInGroup);
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task HandleInTurnAsync(TMessage message, Func<IReadOnlyList<TMessage>, Task<bool>> together, Func<Task> alone, Action committedInGroup)
    {
        var me = new WaitingMessage(message);
        lock (_gate)
        {
            if (_committing)
            {
                _waiting.Add(me);
            }
            else
            {
                _committing = true;
                me.Turn.SetResult(Turn.Lead);
            }
        }

        // Not cancellable: a waiting message may be handed the lead, and while messages wait one of them must hold it.
        switch (await me.Turn.Task)
        {
            case Turn.Committed:
                committedInGroup();
                return;
            case Turn.Alone:
                try
                {
                    await alone();
                }
                finally
                {
                    me.HandledAlone.SetResult();
                }

                return;
        }

        try
        {
            // Off the endpoint's delivering thread: on SQLite a transaction waits for another writer's lock inside a
            // synchronous call, and until it returns the endpoint would deliver no other message to wait behind it.
            await Task.Yield();
            await LeadAsync(me, together, alone);
        }
        finally
        {
            lock (_gate)
            {
                if (_waiting.Count > 0)
                {
                    var next = _waiting[0];
                    _waiting.RemoveAt(0);
                    next.Turn.SetResult(Turn.Lead);
                }
                else
                {
                    _committing = false;
                }
            }
        }
    }

    /// <summary>Handles this message with every message that waited for the transaction before it.</summary>
    private async Task LeadAsync(WaitingMessage me, Func<IReadOnlyList<TMessage>, Task<bool>> together, Func<Task> alone)
    {
        List<WaitingMessage> group = [me];
        lock (_gate)
        {
            var items = itemsOf(me.Message);
            while (_waiting.Count > 0 && items + itemsOf(_waiting[0].Message) <= maxItems)
            {
                items += itemsOf(_waiting[0].Message);
                group.Add(_waiting[0]);
                _waiting.RemoveAt(0);
            }
        }

        if (group.Count == 1)
        {
            await alone();
            return;
        }

        bool committed;
        try
        {
            committed = await together([.. group.Select(w => w.Message)]);
        }
        catch
        {
            // Stopping, or a failure the consumer let through: the others are handled alone, as if they had come alone.
            await OneAfterAnotherAsync(group.Skip(1));
            throw;
        }

        if (committed)
        {
            foreach (var other in group.Skip(1))
            {
                other.Turn.SetResult(Turn.Committed);
            }

            return;
        }

        try
        {
            await alone();
        }
        finally
        {
            await OneAfterAnotherAsync(group.Skip(1));
        }
    }

    /// <summary>Hands each message its turn to be handled alone and waits for it: still one transaction at a time.</summary>
    private static async Task OneAfterAnotherAsync(IEnumerable<WaitingMessage> messages)
    {
        foreach (var message in messages)
        {
            message.Turn.SetResult(Turn.Alone);
            await message.HandledAlone.Task;
        }
    }

    private enum Turn
    {
        Lead,
        Committed,
        Alone,
    }

    private sealed class WaitingMessage(TMessage message)
    {
        public TMessage Message { get; } = message;

        public TaskCompletionSource<Turn> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set once a message its group handed back has been handled alone (or failed).</summary>
        public TaskCompletionSource HandledAlone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What every group commit shares.</summary>
public static class GroupCommit
{
    /// <summary>
    /// The most items a group gathers by default, and what ingestion stores as one from a client's stream: four batches
    /// of 500, past which larger transactions saved little more (docs/benchmarks.md, forty-second session) while every
    /// stage after them holds more at once.
    /// </summary>
    public const int MaxItems = 2000;
}

/// <summary>A group's one transaction, with every message of the group marked handled in the consumer's inbox.</summary>
public static class GroupTransaction
{
    /// <summary>
    /// A consumer's message through its group commit: with the others in one transaction (<paramref name="commitGroup"/>
    /// writes the items of every message of the group and commits <paramref name="db"/>), or <paramref name="alone"/>. A
    /// message committed in another's group leaves nothing in its own scope: the inbox mark its inbox step added there
    /// was committed with the group.
    /// </summary>
    public static Task HandleAsync<TMessage>(
        GroupCommit<ConsumeContext<TMessage>> groupCommit, ConsumeContext<TMessage> context, DbContext db, string consumer,
        Func<IReadOnlyList<ConsumeContext<TMessage>>, CancellationToken, Task> commitGroup, Func<Task> alone, ILogger logger)
        where TMessage : class =>
        groupCommit.HandleAsync(
            context, group => TryCommitAsync(db, group, consumer, ct => commitGroup(group, ct), logger), alone, db.ChangeTracker.Clear);

    /// <summary>
    /// Runs <paramref name="commit"/> (which saves and commits <paramref name="db"/>) with the inbox marks of the group's
    /// other messages added to the first's, which its inbox step already added here. Returns false when it failed: nothing
    /// of it is committed, <paramref name="db"/> holds the first message's mark alone again, and each message is to be
    /// handled on its own (a bad item set aside within its own message, a dependency waited out per message).
    /// </summary>
    private static async Task<bool> TryCommitAsync(
        DbContext db, IReadOnlyList<ConsumeContext> group, string consumer, Func<CancellationToken, Task> commit, ILogger logger)
    {
        var ct = group[0].CancellationToken;
        var firstMark = db.ChangeTracker.Entries<InboxMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var now = DateTime.UtcNow;
        // A message the relay published twice (it stopped before marking it sent) may be in the group twice: one mark.
        db.AddRange(group
            .Select(m => m.MessageId ?? throw new InvalidOperationException($"A message for {consumer} arrived without a MessageId."))
            .Distinct()
            .Skip(1)
            .Select(id => new InboxMessage { MessageId = id, Consumer = consumer, ProcessedAt = now }));
        try
        {
            await commit(ct);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "{Consumer}: {Messages} messages failed as one transaction; handling each on its own", consumer, group.Count);
            db.ChangeTracker.Clear();
            db.AddRange(firstMark);
            return false;
        }
    }
}
