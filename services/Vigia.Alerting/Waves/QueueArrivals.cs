using System.Diagnostics;

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
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(2);

    private int _arriving;

    /// <summary>Marks a write of a queued message as under way until the result is disposed.</summary>
    public IDisposable Arrive()
    {
        Interlocked.Increment(ref _arriving);
        return new Arrival(this);
    }

    /// <summary>
    /// Waits until no write is under way, at most <paramref name="longest"/> (a write stuck on its database is not
    /// waited out). Measured on the machine's clock, not the platform's: it is about the database's own waits.
    /// </summary>
    public async Task SettledAsync(TimeSpan longest, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _arriving) > 0 && Stopwatch.GetElapsedTime(started) < longest)
        {
            await Task.Delay(s_pollInterval, ct);
        }
    }

    private sealed class Arrival(QueueArrivals arrivals) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref arrivals._arriving);
            }
        }
    }
}
