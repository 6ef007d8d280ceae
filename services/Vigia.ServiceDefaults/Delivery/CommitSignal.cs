using Microsoft.EntityFrameworkCore;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// Completes <see cref="Next"/> each time a transaction that wrote to one service's database commits in this
/// process, so whoever reads what was committed (outbox relay, change feed, alert dispatcher) need not wait for its
/// next poll. Fired by <see cref="CommitInterceptor{TContext}"/>, never by hand; other replicas' commits are caught
/// by the readers' poll.
/// </summary>
public class CommitSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next commit. Take it before reading, so no commit slips between the read and the wait.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>The commit signal of one service's database (one per DbContext type, a singleton).</summary>
public sealed class CommitSignal<TContext> : CommitSignal
    where TContext : DbContext;
