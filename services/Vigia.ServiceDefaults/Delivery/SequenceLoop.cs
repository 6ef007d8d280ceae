using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// The one way this platform follows what a database commits: read the rows after sequence N in sequence order,
/// and when a read comes back short, wait for the commit signal (or the poll interval, which catches other
/// replicas' commits) and read again. The outbox relay, the change feed, the alert dispatcher and the alert stream
/// relay all follow their tables this way.
/// </summary>
public static class SequenceLoop
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Batches of rows after <paramref name="after"/>, as <paramref name="readAfter"/> returns them (at most
    /// <paramref name="batchSize"/>, in sequence order), forever. Errors go to the caller.
    /// </summary>
    /// <param name="relevantCommits">
    /// When given, a count that grows with every commit in this process that may have given the follower rows (for a
    /// table the service adds rows to through the change tracker: <see cref="CommitSignal.AddedCommits"/>); a commit that
    /// leaves it unchanged does not wake the follower, only such a commit or the poll does. Every commit woke every
    /// follower before, each to read its table again: alerting's dispatcher and stream relay read the alert events after
    /// each consumer's, judge's and relay's commit, the judge claimed again after its own, and each relay read the outbox
    /// once more after its own marks. Without a count, or while it answers null, every commit wakes the follower (a table
    /// also written in bulk, which the count misses; a follower waiting for any change).
    /// </param>
    public static async IAsyncEnumerable<IReadOnlyList<TRow>> FollowAsync<TRow>(
        CommitSignal signal, long after, Func<long, CancellationToken, Task<IReadOnlyList<TRow>>> readAfter, Func<TRow, long> sequenceOf,
        int batchSize, TimeSpan pollInterval, [EnumeratorCancellation] CancellationToken ct, Func<long?>? relevantCommits = null)
    {
        while (!ct.IsCancellationRequested)
        {
            var committed = signal.Next;
            var seen = relevantCommits?.Invoke();
            var rows = await readAfter(after, ct);
            if (rows.Count > 0)
            {
                after = sequenceOf(rows[^1]);
                yield return rows;
            }

            if (rows.Count < batchSize)
            {
                await WaitAsync(signal, committed, seen, relevantCommits, pollInterval, ct);
            }
        }
    }

    /// <summary>Until a commit that may have given the follower rows (any, without a count) or the poll.</summary>
    private static async Task WaitAsync(CommitSignal signal, Task committed, long? seen, Func<long?>? relevantCommits, TimeSpan pollInterval, CancellationToken ct)
    {
        var poll = Task.Delay(pollInterval, ct);
        while (await Task.WhenAny(committed, poll) == committed && Unchanged())
        {
            committed = signal.Next;
            // A relevant commit counted between the look above and taking Next completed the Next before it: look again.
            if (!Unchanged())
            {
                return;
            }
        }

        bool Unchanged() => seen is { } before && relevantCommits?.Invoke() == before;
    }

    /// <summary>
    /// Runs a background follower until the host stops. A failure (the database or the broker away) is logged and
    /// the follower starts again after a growing delay, up to <paramref name="maxBackoff"/>; a run that lasted longer
    /// than that counts as recovered, so the next failure starts the delays from the beginning.
    /// </summary>
    public static async Task RunAsync(
        string name, Func<CancellationToken, Task> follow, ILogger logger, TimeProvider time, TimeSpan maxBackoff, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await follow(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures = time.GetElapsedTime(started) > maxBackoff ? 1 : failures + 1;
                var delay = TimeSpan.FromMilliseconds(Math.Min(maxBackoff.TotalMilliseconds, 200 * Math.Pow(2, Math.Min(failures, 16))));
                logger.LogWarning(ex, "{Follower} failed {Failures} time(s) in a row; retrying in {Delay}", name, failures, delay);
                await Task.Delay(delay, time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
