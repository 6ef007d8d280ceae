using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// The one place that tells a dependency's failure (the database or a peer service unreachable, busy, shutting down,
/// timing out) from a failure of the work itself (a value the database refuses, a bug, bad data). The first is
/// waited out (<see cref="DependencyWaitFilter{TConsumer}"/>, <see cref="BatchIsolation{TContext}"/>); the second
/// goes to set-aside items or the _error queue.
/// </summary>
public static class TransientFailures
{
    // SQLITE_BUSY and SQLITE_LOCKED: another connection holds the file.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>Whether trying the same work again later may succeed without anyone changing it.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        PostgresException postgres => IsTransientSqlState(postgres.SqlState) || postgres.IsTransient || IsStalePreparedStatement(postgres),
        NpgsqlException npgsql => npgsql.IsTransient,
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted,
        TimeoutException or SocketException => true,
        // A timeout inside a dependency's client surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => true,
        RetryLimitExceededException retries => retries.InnerException is { } last && IsTransient(last),
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        _ => ex.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>
    /// A statement prepared before a migration changed its table's columns: PostgreSQL refuses to change the cached
    /// plan's result type (0A000, raised in <c>RevalidateCachedQuery</c>; the message may be translated, the routine is
    /// not), and Npgsql prepares the statement again at its next use.
    /// </summary>
    private static bool IsStalePreparedStatement(PostgresException postgres) =>
        postgres.SqlState == PostgresErrorCodes.FeatureNotSupported && postgres.Routine == "RevalidateCachedQuery";

    /// <summary>
    /// Connection exceptions (class 08), insufficient resources (53: disk full, too many connections) and the
    /// server shutting down or starting (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
    /// </summary>
    private static bool IsTransientSqlState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState.StartsWith("57P0", StringComparison.Ordinal);
}
