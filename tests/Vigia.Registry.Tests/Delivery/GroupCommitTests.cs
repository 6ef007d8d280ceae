using System.Collections.Concurrent;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Tests.Delivery;

/// <summary>
/// A consumer's group commit (<see cref="GroupCommit{TMessage}"/>): a message that finds no transaction under way goes
/// alone at once; those that arrive during one are committed together after it, in the order they came; a group that
/// fails leaves each of its messages to go alone.
/// </summary>
public class GroupCommitTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task HandleAsync_NothingUnderWay_HandlesTheMessageAloneAtOnce()
    {
        var groupCommit = new GroupCommit<string>(_ => 1);
        var log = new Log();

        await groupCommit.HandleAsync("a", log.Together(true), log.Alone("a"), log.InGroup("a")).WaitAsync(s_timeout);

        Assert.Equal(["alone a"], log.Entries);
    }

    [Fact]
    public async Task HandleAsync_MessagesArrivingDuringACommit_CommittedTogetherAfterItInArrivalOrder()
    {
        var groupCommit = new GroupCommit<string>(_ => 1);
        var log = new Log();
        var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = groupCommit.HandleAsync("a", log.Together(true), log.Alone("a", firstCommit.Task), log.InGroup("a"));
        await Eventually(() => log.Entries.Contains("alone a"));
        var waiting = new List<Task>();
        foreach (var message in new[] { "b", "c", "d" })
        {
            waiting.Add(groupCommit.HandleAsync(message, log.Together(true), log.Alone(message), log.InGroup(message)));
            await Eventually(() => groupCommit.Pending == waiting.Count + 1);
        }

        // The first message's transaction is still under way: the others wait for it.
        Assert.Equal(["alone a"], log.Entries);
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        firstCommit.SetResult();
        await Task.WhenAll([first, .. waiting]).WaitAsync(s_timeout);

        Assert.Equal("alone a", log.Entries[0]);
        Assert.Equal(["in group c", "in group d", "together b c d"], log.Entries.Skip(1).Order());
        Assert.Equal(0, groupCommit.Pending);
    }

    [Fact]
    public async Task HandleAsync_MessageArrivingDuringAGroup_LeadsTheNextGroup()
    {
        var groupCommit = new GroupCommit<string>(_ => 1);
        var log = new Log();
        var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var groupCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = groupCommit.HandleAsync("a", log.Together(true), log.Alone("a", firstCommit.Task), log.InGroup("a"));
        await Eventually(() => log.Entries.Contains("alone a"));
        var b = groupCommit.HandleAsync("b", log.Together(true, groupCommitted.Task), log.Alone("b"), log.InGroup("b"));
        await Eventually(() => groupCommit.Pending == 2);
        var c = groupCommit.HandleAsync("c", log.Together(true, groupCommitted.Task), log.Alone("c"), log.InGroup("c"));
        await Eventually(() => groupCommit.Pending == 3);
        firstCommit.SetResult();
        await Eventually(() => log.Entries.Contains("together b c"));
        var d = groupCommit.HandleAsync("d", log.Together(true), log.Alone("d"), log.InGroup("d"));
        var e = groupCommit.HandleAsync("e", log.Together(true), log.Alone("e"), log.InGroup("e"));
        await Eventually(() => groupCommit.Pending == 4);
        Assert.Equal(["alone a", "together b c"], log.Entries);
        groupCommitted.SetResult();
        await Task.WhenAll(first, b, c, d, e).WaitAsync(s_timeout);

        Assert.Contains("together d e", log.Entries);
        Assert.Equal(["in group c", "in group e"], log.Entries.Where(x => x.StartsWith("in group", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public async Task HandleAsync_GroupFails_EachMessageHandledAloneOneAfterAnother()
    {
        var groupCommit = new GroupCommit<string>(_ => 1);
        var log = new Log();
        var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bAlone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = groupCommit.HandleAsync("a", log.Together(false), log.Alone("a", firstCommit.Task), log.InGroup("a"));
        await Eventually(() => log.Entries.Contains("alone a"));
        var b = groupCommit.HandleAsync("b", log.Together(false), log.Alone("b", bAlone.Task), log.InGroup("b"));
        await Eventually(() => groupCommit.Pending == 2);
        var c = groupCommit.HandleAsync("c", log.Together(false), log.Alone("c"), log.InGroup("c"));
        await Eventually(() => groupCommit.Pending == 3);
        firstCommit.SetResult();
        await Eventually(() => log.Entries.Contains("alone b"));
        // Still one transaction at a time: c waits while b is handled alone.
        await Task.Delay(50);
        Assert.Equal(["alone a", "together b c", "alone b"], log.Entries);

        bAlone.SetResult();
        await Task.WhenAll(first, b, c).WaitAsync(s_timeout);

        Assert.Equal(["alone a", "together b c", "alone b", "alone c"], log.Entries);
        Assert.Equal(0, groupCommit.Pending);
    }

    [Fact]
    public async Task HandleAsync_GroupThrows_TheOthersHandledAloneAndTheLaneGoesOn()
    {
        var groupCommit = new GroupCommit<string>(_ => 1);
        var log = new Log();
        var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = groupCommit.HandleAsync("a", log.Together(true), log.Alone("a", firstCommit.Task), log.InGroup("a"));
        await Eventually(() => log.Entries.Contains("alone a"));
        var b = groupCommit.HandleAsync("b", _ => throw new OperationCanceledException("stopping"), log.Alone("b"), log.InGroup("b"));
        await Eventually(() => groupCommit.Pending == 2);
        var c = groupCommit.HandleAsync("c", log.Together(true), log.Alone("c"), log.InGroup("c"));
        await Eventually(() => groupCommit.Pending == 3);
        firstCommit.SetResult();

        await Assert.ThrowsAsync<OperationCanceledException>(() => b.WaitAsync(s_timeout));
        await Task.WhenAll(first, c).WaitAsync(s_timeout);
        await groupCommit.HandleAsync("d", log.Together(true), log.Alone("d"), log.InGroup("d")).WaitAsync(s_timeout);

        Assert.Equal(["alone a", "alone c", "alone d"], log.Entries.Order());
        Assert.Equal(0, groupCommit.Pending);
    }

    [Fact]
    public async Task HandleAsync_MoreWaitingThanAGroupHolds_TheRestFormTheNextGroup()
    {
        // Each message carries as many items as its name has letters; a group holds five.
        var groupCommit = new GroupCommit<string>(m => m.Length, maxItems: 5);
        var log = new Log();
        var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = groupCommit.HandleAsync("a", log.Together(true), log.Alone("a", firstCommit.Task), log.InGroup("a"));
        await Eventually(() => log.Entries.Contains("alone a"));
        var waiting = new List<Task>();
        foreach (var message in new[] { "bb", "ccc", "dddd", "eeeeeeee" })
        {
            waiting.Add(groupCommit.HandleAsync(message, log.Together(true), log.Alone(message), log.InGroup(message)));
            await Eventually(() => groupCommit.Pending == waiting.Count + 1);
        }

        firstCommit.SetResult();
        await Task.WhenAll([first, .. waiting]).WaitAsync(s_timeout);

        // bb + ccc is five; dddd alone; eeeeeeee is over the limit on its own and still goes, alone.
        var entries = log.Entries.ToList();
        Assert.Equal(["alone a", "together bb ccc"], entries.Take(2));
        Assert.Equal(["alone dddd", "alone eeeeeeee", "in group ccc"], entries.Skip(2).Order());
        Assert.True(entries.IndexOf("alone dddd") < entries.IndexOf("alone eeeeeeee"));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(5);
        }
    }

    /// <summary>What the group commit asked of the consumer, in order.</summary>
    private sealed class Log
    {
        private readonly ConcurrentQueue<string> _entries = new();

        public IReadOnlyList<string> Entries => [.. _entries];

        public Func<IReadOnlyList<string>, Task<bool>> Together(bool commits, Task? until = null) => async group =>
        {
            _entries.Enqueue($"together {string.Join(' ', group)}");
            await (until ?? Task.CompletedTask);
            return commits;
        };

        public Func<Task> Alone(string message, Task? until = null) => async () =>
        {
            _entries.Enqueue($"alone {message}");
            await (until ?? Task.CompletedTask);
        };

        public Action InGroup(string message) => () => _entries.Enqueue($"in group {message}");
    }
}
