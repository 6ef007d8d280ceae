using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Waves;

/// <summary>
/// Makes each series of a rule judged in one place at a time when alerting runs as several replicas: a PostgreSQL
/// transaction-scoped advisory lock per rule and series, held until the caller's transaction ends, so a second
/// replica judging the same series waits and then reads the wave as the first left it. On SQLite (the embedded
/// default, one process that evaluates one message at a time) there is nothing to lock.
/// </summary>
public static class SeriesLocks
{
    // The first half of every lock key: alerting's series locks, apart from any other advisory lock in the database.
    private const int Space = 0x56_41_53_4c; // "VASL"

    /// <summary>Locks the series until the current transaction ends; the caller must be inside one.</summary>
    public static Task LockAsync(AlertingDbContext db, string ruleId, IEnumerable<string> seriesKeys, CancellationToken ct) =>
        LockAsync(db, seriesKeys.Select(k => (ruleId, k)), ct);

    /// <summary>Locks the series of several rules in one statement until the current transaction ends.</summary>
    public static async Task LockAsync(AlertingDbContext db, IEnumerable<(string RuleId, string SeriesKey)> series, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Series locks are held by a transaction: begin one first.");
        }

        await TransactionLocks.LockAsync(db.Database, Space, series.Select(s => $"{s.RuleId}\n{s.SeriesKey}"), ct);
    }
}
