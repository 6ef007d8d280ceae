using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// Completes <see cref="Next"/> each time a transaction that wrote to one service's database commits in this
/// process, so whoever reads what was committed (outbox relay, change feed, alert dispatcher) need not wait for its
/// next poll; and counts, per entity type, the commits that added rows of it (<see cref="AddedCommits"/>), so a reader
/// of one table can tell a commit that may have given it rows from one that cannot. Fired by
/// <see cref="CommitInterceptor{TContext}"/>; other replicas' and processes' commits are caught by the readers' poll.
/// </summary>
public class CommitSignal
{
    private readonly ConcurrentDictionary<Type, StrongBox<long>> _added = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next commit (or <see cref="Notify()"/>). Take it before reading, so no commit slips between the read and the wait.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>
    /// How many commits in this process added (tracked) rows of <paramref name="entityType"/> so far. Counted before
    /// <see cref="Next"/> completes for them: a read begun after taking the count sees every row those commits added.
    /// </summary>
    public long AddedCommits(Type entityType) => _added.TryGetValue(entityType, out var count) ? Interlocked.Read(ref count.Value) : 0;

    /// <summary>A commit that added rows of <paramref name="addedTypes"/> (and maybe changed others).</summary>
    public void Notify(IEnumerable<Type> addedTypes)
    {
        foreach (var type in addedTypes)
        {
            Interlocked.Increment(ref _added.GetOrAdd(type, _ => new StrongBox<long>()).Value);
        }

        Notify();
    }

    /// <summary>Wakes whoever waits on <see cref="Next"/>.</summary>
    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>The commit signal of one service's database (one per DbContext type, a singleton).</summary>
public sealed class CommitSignal<TContext> : CommitSignal
    where TContext : DbContext;
