using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// Tells a hole in alert_events' sequence numbers that may still fill from one that never will. With several
/// replicas, transactions commit out of sequence order: replica B's event 11 can be visible while replica A's event
/// 10 is still uncommitted, and a reader that moved past 11 would never see 10. A transaction that will ever commit a
/// missing number already held a transaction id when the hole was first seen (it took the number before the later
/// row's transaction committed), so once every transaction running then has ended (the current snapshot's oldest
/// running id has passed the first snapshot's next id) the hole is final: a rolled-back insert, or a savepoint undone.
/// (A transaction whose very first write is the insert takes its id a moment after its number, within that one
/// statement; another transaction would have to insert, commit and be read in that moment.)
/// On SQLite (one process, one writer at a time) numbers commit in order and every hole is final at once.
/// </summary>
public sealed class SequenceGaps
{
    private static readonly TimeSpan s_settleInterval = TimeSpan.FromMilliseconds(100);

    private long _missing = -1;
    private ulong _seenBefore;

    /// <summary>
    /// Whether the hole at <paramref name="missing"/> is final. The first call for a hole notes who was running and
    /// answers no; later calls answer yes once all of them have ended.
    /// </summary>
    public async Task<bool> SettledAsync(AlertingDbContext db, long missing, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return true;
        }

        if (missing != _missing)
        {
            _missing = missing;
            _seenBefore = await NextTransactionIdAsync(db, ct);
            return false;
        }

        return await OldestRunningAsync(db, ct) >= _seenBefore;
    }

    /// <summary>
    /// The highest committed sequence below which no number can commit any more: the highest now, once every
    /// transaction running when it was read has ended. Where a reader that starts now begins.
    /// </summary>
    public async Task<long> SettledFrontierAsync(AlertingDbContext db, CancellationToken ct)
    {
        var highest = await db.AlertEvents.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        if (!db.Database.IsNpgsql())
        {
            return highest;
        }

        var seenBefore = await NextTransactionIdAsync(db, ct);
        while (await OldestRunningAsync(db, ct) < seenBefore)
        {
            // Waiting for other transactions to end, on the wall clock.
            await Task.Delay(s_settleInterval, ct);
        }

        return highest;
    }

    private static async Task<ulong> NextTransactionIdAsync(AlertingDbContext db, CancellationToken ct) => ulong.Parse(
        await db.Database.SqlQuery<string>($"SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS \"Value\"").SingleAsync(ct),
        CultureInfo.InvariantCulture);

    private static async Task<ulong> OldestRunningAsync(AlertingDbContext db, CancellationToken ct) => ulong.Parse(
        await db.Database.SqlQuery<string>($"SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS \"Value\"").SingleAsync(ct),
        CultureInfo.InvariantCulture);
}
