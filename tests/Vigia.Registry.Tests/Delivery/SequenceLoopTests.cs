using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Registry.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Tests.Delivery;

/// <summary>
/// How a follower of a table wakes (<see cref="SequenceLoop.FollowAsync"/>): on the commits that may have given it rows,
/// or its poll; and how commits are counted by what they added (<see cref="CommitInterceptor{TContext}"/>).
/// </summary>
public class SequenceLoopTests
{
    private static readonly TimeSpan s_noPoll = TimeSpan.FromHours(1);

    // Long enough for a woken follower on the thread pool to have read.
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Follower_WithRelevantCommits_WakesOnlyForCommitsThatAddedItsRows()
    {
        var signal = new CommitSignal();
        var reads = 0;
        using var stop = new CancellationTokenSource();
        var following = FollowAsync(signal, () => Interlocked.Increment(ref reads), s_noPoll, () => signal.AddedCommits(typeof(OutboxMessage)), stop.Token);
        await Eventually(() => Volatile.Read(ref reads) == 1);

        for (var commit = 0; commit < 3; commit++)
        {
            signal.Notify([typeof(InboxMessage)]);
            await Task.Delay(s_settle);
        }

        var afterOtherCommits = Volatile.Read(ref reads);
        signal.Notify([typeof(InboxMessage), typeof(OutboxMessage)]);
        await Eventually(() => Volatile.Read(ref reads) == 2);
        await stop.CancelAsync();
        await following;

        Assert.Equal(1, afterOtherCommits);
    }

    [Fact]
    public async Task Follower_WithoutRelevantCommits_WakesOnEveryCommit()
    {
        var signal = new CommitSignal();
        var reads = 0;
        using var stop = new CancellationTokenSource();
        var following = FollowAsync(signal, () => Interlocked.Increment(ref reads), s_noPoll, relevantCommits: null, stop.Token);
        await Eventually(() => Volatile.Read(ref reads) == 1);

        signal.Notify([typeof(InboxMessage)]);
        await Eventually(() => Volatile.Read(ref reads) == 2);
        signal.Notify();
        await Eventually(() => Volatile.Read(ref reads) == 3);
        await stop.CancelAsync();
        await following;
    }

    [Fact]
    public async Task Follower_WithRelevantCommits_StillReadsAtEachPoll()
    {
        var signal = new CommitSignal();
        var reads = 0;
        using var stop = new CancellationTokenSource();
        var following = FollowAsync(
            signal, () => Interlocked.Increment(ref reads), TimeSpan.FromMilliseconds(50), () => signal.AddedCommits(typeof(OutboxMessage)), stop.Token);

        // Another replica's commits are seen only by the poll.
        await Eventually(() => Volatile.Read(ref reads) >= 3);
        await stop.CancelAsync();
        await following;
    }

    [Fact]
    public async Task CommitInterceptor_CountsTheCommitsThatAddedRowsOfEachType()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var signal = host.GetRequiredService<CommitSignal<RegistryDbContext>>();
        var before = signal.AddedCommits(typeof(OutboxMessage));

        await host.QueryAsync(db =>
        {
            db.AddOutboxMessage(new IncidentsChanged { BatchId = Guid.NewGuid(), Incidents = [] });
            return db.SaveChangesAsync();
        });
        var afterAdding = signal.AddedCommits(typeof(OutboxMessage));
        await host.QueryAsync(async db =>
        {
            var row = await db.Set<OutboxMessage>().OrderByDescending(m => m.Sequence).FirstAsync();
            row.LastError = "changed, not added";
            return await db.SaveChangesAsync();
        });

        Assert.Equal((before + 1, before + 1), (afterAdding, signal.AddedCommits(typeof(OutboxMessage))));
    }

    /// <summary>Follows with a read that finds nothing, until cancelled.</summary>
    private static Task FollowAsync(CommitSignal signal, Action read, TimeSpan pollInterval, Func<long?>? relevantCommits, CancellationToken ct) =>
        Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in SequenceLoop.FollowAsync<long>(
                    signal, 0, (_, _) => { read(); return Task.FromResult<IReadOnlyList<long>>([]); }, s => s, 10, pollInterval, ct, relevantCommits))
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);

    private static Task Eventually(Func<bool> condition) => RegistryTestHost.Eventually(() => Task.FromResult(condition()));
}
