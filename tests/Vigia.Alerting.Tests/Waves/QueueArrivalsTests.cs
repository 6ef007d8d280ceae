using System.Diagnostics;
using Vigia.Alerting.Waves;

namespace Vigia.Alerting.Tests.Waves;

/// <summary>The judge waits for messages being queued (<see cref="QueueArrivals"/>), but never for long.</summary>
public sealed class QueueArrivalsTests
{
    [Fact]
    public async Task Settled_WhileAMessageIsBeingQueued_WaitsUntilItLands()
    {
        var arrivals = new QueueArrivals();
        var arrival = arrivals.Arrive();

        await AssertSettlesOnlyOnceLandedAsync(arrivals, arrival);
    }

    [Fact]
    public async Task Settled_AnArrivalDisposedTwice_CountsOnceSoTheNextStillHoldsTheJudge()
    {
        var arrivals = new QueueArrivals();
        await arrivals.SettledAsync(TimeSpan.FromMinutes(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var first = arrivals.Arrive();
        first.Dispose();
        first.Dispose();

        var next = arrivals.Arrive();
        await AssertSettlesOnlyOnceLandedAsync(arrivals, next);
    }

    [Fact]
    public async Task Settled_AWriteThatNeverLands_IsWaitedForNoLongerThanTheBound()
    {
        var arrivals = new QueueArrivals();
        using var stuck = arrivals.Arrive();
        var started = Stopwatch.GetTimestamp();

        await arrivals.SettledAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        // The runtime's timers keep a coarser clock than the stopwatch's and may end a wait a millisecond early by it.
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(90));
    }

    [Fact]
    public async Task Settled_TwoWritesUnderWay_WaitsForTheSecondToLandToo()
    {
        var arrivals = new QueueArrivals();
        var first = arrivals.Arrive();
        var second = arrivals.Arrive();

        await AssertSettlesOnlyOnceLandedAsync(arrivals, second, meanwhile: first.Dispose);
    }

    [Fact]
    public async Task Settled_CancelledWhileWaiting_Throws()
    {
        var arrivals = new QueueArrivals();
        using var stuck = arrivals.Arrive();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => arrivals.SettledAsync(TimeSpan.FromMinutes(1), cancel.Token));
    }

    /// <summary>
    /// The judge's wait, begun now (then <paramref name="meanwhile"/>), is still under way 50 ms later and ends once
    /// <paramref name="last"/>, the last write under way, lands.
    /// </summary>
    private static async Task AssertSettlesOnlyOnceLandedAsync(QueueArrivals arrivals, IDisposable last, Action? meanwhile = null)
    {
        var settled = arrivals.SettledAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        meanwhile?.Invoke();
        await Task.Delay(50);
        Assert.False(settled.IsCompleted);

        last.Dispose();
        await settled.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
