using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// Lets one replica at a time publish to the alert stream: a PostgreSQL session-level advisory lock, held on the
/// relay's own connection for one pass over the unpublished events. The other replicas find it taken and leave the
/// pass to its holder, so no event is read and sent by two relays at once, and the stream keeps its order. A holder
/// that dies loses its connection, and with it the lock: the next replica's pass takes over where the marks stop.
/// On SQLite (the embedded default, one process) there is one relay and nothing to lock.
/// </summary>
public static class AlertStreamLease
{
    // Apart from alerting's series locks (SeriesLocks) and from any other advisory lock in the database.
    private const int Space = 0x56_41_53_52; // "VASR"
    private const int Relay = 1;

    /// <summary>
    /// Runs <paramref name="pass"/> holding the lease on <paramref name="db"/>'s connection, or returns an empty list
    /// without running it when another replica holds it.
    /// </summary>
    public static async Task<IReadOnlyList<T>> WhileHeldAsync<T>(
        AlertingDbContext db, Func<CancellationToken, Task<IReadOnlyList<T>>> pass, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return await pass(ct);
        }

        // One connection for the lock and the pass: a session lock belongs to the connection that took it.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var taken = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({Space}, {Relay}) AS \"Value\"").SingleAsync(ct);
            if (!taken)
            {
                return [];
            }

            try
            {
                return await pass(ct);
            }
            finally
            {
                // Released even when the pass failed; a connection that broke took the lock with it.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({Space}, {Relay})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
