using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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

    public StatisticsDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<StatisticsDbContext>().UseSqlite(_connection).Options);

    public void Dispose() => _connection.Dispose();
}
