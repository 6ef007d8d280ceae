using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;

namespace Vigia.Alerting.Waves;

/// <summary>
/// Makes each series of a rule judged in one place at a time when alerting runs as several replicas: a PostgreSQL
/// transaction-scoped advisory lock per rule and series, held until the caller's transaction ends, so a second
/// replica judging the same series waits and then reads the wave as the first left it. Locks are taken in the
/// order of their keys, the same in every transaction, so two replicas never wait for each other in a circle. On
/// SQLite (the embedded default, one process that evaluates one message at a time) there is nothing to lock.
/// </summary>
public static class SeriesLocks
{
    // The first half of every lock key: alerting's series locks, apart from any other advisory lock in the database.
    private const int Space = 0x56_41_53_4c; // "VASL"

    /// <summary>Locks the series until the current transaction ends; the caller must be inside one.</summary>
    public static async Task LockAsync(AlertingDbContext db, string ruleId, IEnumerable<string> seriesKeys, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Series locks are held by a transaction: begin one first.");
        }

        foreach (var key in seriesKeys.Select(k => KeyOf(ruleId, k)).Distinct().Order())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Space}, {key})", ct);
        }
    }

    /// <summary>A stable 32-bit key for the rule and series (the same in every process, unlike string.GetHashCode).</summary>
    private static int KeyOf(string ruleId, string seriesKey) =>
        BinaryPrimitives.ReadInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{ruleId}\n{seriesKey}")));
}
