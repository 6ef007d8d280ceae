using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Tests.Delivery;

public class TransientFailuresTests
{
    public static TheoryData<string, Exception> DependencyFailures => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "admin shutdown (pg_ctl stop -m fast)", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01") },
        { "the database system is starting up", new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03") },
        { "too many connections", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300") },
        { "connection failure", new PostgresException("connection failure", "FATAL", "FATAL", "08006") },
        { "SQLite busy", new SqliteException("database is locked", 5) },
        { "statistics unavailable", new RpcException(new Status(StatusCode.Unavailable, "connection refused")) },
        { "statistics too slow", new RpcException(new Status(StatusCode.DeadlineExceeded, "deadline")) },
        { "wrapped by EF", new DbUpdateException("An error occurred while saving", new PostgresException("terminating", "FATAL", "FATAL", "57P01")) },
        { "a timeout", new TimeoutException() },
    };

    public static TheoryData<string, Exception> OwnFailures => new()
    {
        { "a value the database refuses", new DbUpdateException("saving", new PostgresException("value too long", "ERROR", "ERROR", "22001")) },
        { "a unique violation", new PostgresException("duplicate key", "ERROR", "ERROR", "23505") },
        { "SQLite constraint", new SqliteException("UNIQUE constraint failed", 19) },
        { "bad argument to statistics", new RpcException(new Status(StatusCode.InvalidArgument, "bad selector")) },
        { "a bug", new InvalidOperationException("sequence contains no elements") },
        { "waited too long", new DependencyWaitExpiredException("waited 6 h; last: TimeoutException") },
    };

    [Theory]
    [MemberData(nameof(DependencyFailures))]
    public void IsTransient_DependencyFailure_IsTrue(string what, Exception failure) => Assert.True(TransientFailures.IsTransient(failure), what);

    [Theory]
    [MemberData(nameof(OwnFailures))]
    public void IsTransient_FailureOfTheWorkItself_IsFalse(string what, Exception failure) => Assert.False(TransientFailures.IsTransient(failure), what);
}
