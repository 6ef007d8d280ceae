using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vigia.Statistics.Data;

namespace Vigia.Statistics.Tests.Support;

/// <summary>A private in-memory SQLite database for unit tests of the projection and the counting queries.</summary>
public sealed class SqliteStatisticsDatabase : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqliteStatisticsDatabase()
    {
        _connection.Open();
        using var db = CreateContext();
        db.Database.EnsureCreated();
    }

    /// <summary>The SQLite model (its indexes), as the embedded default runs it.</summary>
    public StatisticsDbContext CreateContext(params IInterceptor[] interceptors) =>
        new SqliteStatisticsDbContext(new DbContextOptionsBuilder<SqliteStatisticsDbContext>().UseSqlite(_connection).AddInterceptors(interceptors).Options);

    public void Dispose() => _connection.Dispose();
}
