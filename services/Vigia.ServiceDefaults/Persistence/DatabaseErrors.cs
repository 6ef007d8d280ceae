using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// Reads a database error alike on both providers. A unique violation means another writer stored the key first: a
/// look-up-then-insert that lost that race answers as if its look-up had seen the row, never INTERNAL.
/// </summary>
public static class DatabaseErrors
{
    // SQLITE_CONSTRAINT (19) with the extended code SQLITE_CONSTRAINT_UNIQUE (2067) or SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public static bool IsUniqueViolation(Exception ex) => Unwrap(ex) switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        _ => false,
    };

    /// <summary>The database's own error: SaveChanges wraps it in a DbUpdateException, a bulk insert throws it as it is.</summary>
    public static Exception? Unwrap(Exception ex) => ex is DbUpdateException ? ex.InnerException : ex;
}
