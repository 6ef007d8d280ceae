using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// PostgreSQL transaction-scoped advisory locks on named things (a place, a rule's series), for writers that run as
/// several replicas: held until the caller's transaction ends, taken in one statement and in the order of their
/// hashes, the same order in every transaction, so two writers never wait for each other in a circle.
/// </summary>
public static class TransactionLocks
{
    /// <summary>Locks every key within <paramref name="space"/> (the lock's first half, apart from other locks in the database).</summary>
    /// <remarks>
    /// hashtext is PostgreSQL's own stable hash, the same in every process; two keys with one hash only share a lock.
    /// PostgreSQL only; the caller must be inside a transaction.
    /// </remarks>
    public static Task LockAsync(DatabaseFacade database, int space, IEnumerable<string> keys, CancellationToken ct)
    {
        string[] distinct = [.. keys.Distinct(StringComparer.Ordinal)];
        return database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock({space}, h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest({distinct}) AS k ORDER BY 1) AS locked",
            ct);
    }
}
