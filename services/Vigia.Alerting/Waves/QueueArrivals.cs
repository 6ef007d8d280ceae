namespace Vigia.Alerting.Waves;

/// <summary>
/// The consumer's writes of queued messages under way, so the judge lets them land before it claims a pass. On SQLite
/// a pass holds the whole file: a message arriving meanwhile waits for the file, and Microsoft.Data.Sqlite retries a
/// locked write every 150 ms, so the judge, starting its next pass the moment the last one committed, took the file
/// again first; a report typed in during a back-fill then waited for one bulk pass after another instead of going first
/// (<see cref="SeriesJudge.SmallMessageChanges"/>). On PostgreSQL the wait is the length of an insert.
/// </summary>
public sealed class QueueArrivals
{
    private readonly Lock _lock = new();
    private int _arriving;

    // Completed while no write is under way; the judge, woken by a write's own commit, mostly finds that write's
    // consumer still returning, and waits for its last steps rather than for a poll's tick.
    private TaskCompletionSource _settled = Settled();

    /// <summary>Marks a write of a queued message as under way until the result is disposed.</summary>
    public IDisposable Arrive()
    {
        lock (_lock)
        {
            if (_arriving++ == 0)
            {
                _settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new Arrival(this);
    }

    /// <summary>
    /// Waits until no write is under way, at most <paramref name="longest"/> (a write stuck on its database is not
    /// waited out). Measured on the machine's clock, not the platform's: it is about the database's own waits.
    /// </summary>
    public async Task SettledAsync(TimeSpan longest, CancellationToken ct)
    {
        Task settled;
        lock (_lock)
        {
            settled = _settled.Task;
        }

        if (!settled.IsCompleted)
        {
            await settled.WaitAsync(longest, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ct.ThrowIfCancellationRequested();
        }
    }

    private void Departed()
    {
        lock (_lock)
        {
            if (--_arriving == 0)
            {
                _settled.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource Settled()
    {
        var settled = new TaskCompletionSource();
        settled.SetResult();
        return settled;
    }

    private sealed class Arrival(QueueArrivals arrivals) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                arrivals.Departed();
            }
        }
    }
}
