using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// Transactions that a failure rolls back whole: the writer that began one disposes it on any error, and whoever
/// retries or isolates items does so in a new one. Inside such a transaction EF Core's own savepoint around each
/// SaveChanges (a SAVEPOINT and a RELEASE, two round trips per save on PostgreSQL) would protect nothing, so it is off
/// for the context; a writer that goes on after a failed step sets its savepoints itself (alerting's rule and message
/// savepoints).
/// </summary>
public static class WholeTransactions
{
    /// <summary>Begins a transaction whose saves take no savepoints of their own.</summary>
    public static Task<IDbContextTransaction> BeginWholeTransactionAsync(this DatabaseFacade database, CancellationToken ct)
    {
        database.AutoSavepointsEnabled = false;
        return database.BeginTransactionAsync(ct);
    }
}
