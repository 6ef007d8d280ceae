using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// Writes many rows through one prepared SQLite statement, binding each value by position straight to SQLite in the
/// representation Microsoft.Data.Sqlite gives a parameter of its type by default, which is what SaveChanges stores for
/// every type the services map (BulkInsertSqliteTests compares the two column by column): integers for booleans, enums
/// and whole numbers, text for strings, GUIDs in upper case, dates and times in SQLite's text formats, blobs for byte
/// arrays. A <c>SqliteCommand</c> executed per row looked every parameter up by name, boxed and formatted each value into
/// a new string and made a data reader per row: 9 % of the embedded default's CPU under a bulk load, and half of what a
/// registry batch allocates (docs/benchmarks.md, thirty-eighth session).
/// </summary>
public sealed class SqliteRowWriter : IDisposable
{
    private readonly sqlite3_stmt _statement;
    private readonly Action<sqlite3_stmt, int, object>[] _binders;

    /// <param name="connection">An open connection; the rows go into its open transaction, if any.</param>
    /// <param name="sql">The statement, with one positional parameter (<c>?</c>) per value, in order.</param>
    /// <param name="valueTypes">The CLR type of each parameter's values as stored (after any value converter).</param>
    public SqliteRowWriter(SqliteConnection connection, string sql, IReadOnlyList<Type> valueTypes)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        _binders = [.. valueTypes.Select(BinderFor)];
        var prepared = raw.sqlite3_prepare_v2(handle, sql, out _statement);
        if (prepared != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(prepared, handle);
        }
    }

    /// <summary>Inserts one row: <paramref name="values"/> in parameter order, null for NULL.</summary>
    public void Write(ReadOnlySpan<object?> values)
    {
        if (values.Length != _binders.Length)
        {
            throw new ArgumentException($"The statement takes {_binders.Length} values, not {values.Length}.", nameof(values));
        }

        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is { } value)
                {
                    _binders[i](_statement, i + 1, value);
                }
                else
                {
                    Check(_statement, raw.sqlite3_bind_null(_statement, i + 1));
                }
            }

            var result = raw.sqlite3_step(_statement);
            if (result != raw.SQLITE_DONE)
            {
                Check(_statement, result);
            }
        }
        finally
        {
            // Ready for the next row; a failed step reports its error through the step's result, not the reset's.
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    // The types the services' columns store (EF Core's SQLite mappings convert enums to their numbers before this);
    // another fails the writer's construction, before any row.
    private static Action<sqlite3_stmt, int, object> BinderFor(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => (s, i, v) => Text(s, i, ((string)v).AsSpan()),
            _ when type == typeof(bool) => (s, i, v) => Int64(s, i, (bool)v ? 1 : 0),
            _ when type == typeof(int) => (s, i, v) => Int64(s, i, (int)v),
            _ when type == typeof(long) => (s, i, v) => Int64(s, i, (long)v),
            _ when type == typeof(short) => (s, i, v) => Int64(s, i, (short)v),
            _ when type == typeof(byte) => (s, i, v) => Int64(s, i, (byte)v),
            _ when type == typeof(double) => (s, i, v) => Double(s, i, (double)v),
            _ when type == typeof(float) => (s, i, v) => Double(s, i, (float)v),
            _ when type == typeof(Guid) => BindGuid,
            _ when type == typeof(DateTime) => (s, i, v) => Formatted(s, i, (DateTime)v, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF"),
            _ when type == typeof(DateTimeOffset) => (s, i, v) => Formatted(s, i, (DateTimeOffset)v, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz"),
            _ when type == typeof(DateOnly) => (s, i, v) => Formatted(s, i, (DateOnly)v, @"yyyy\-MM\-dd"),
            _ when type == typeof(TimeSpan) => (s, i, v) => Formatted(s, i, (TimeSpan)v, "c"),
            _ when type == typeof(decimal) => (s, i, v) => Formatted(s, i, (decimal)v, "0.0###########################"),
            _ when type == typeof(byte[]) => (s, i, v) => Check(s, raw.sqlite3_bind_blob(s, i, (byte[])v)),
            _ => throw new NotSupportedException($"SqliteRowWriter does not bind values of type {type}."),
        };
    }

    private static void BindGuid(sqlite3_stmt statement, int index, object value)
    {
        Span<byte> text = stackalloc byte[36];
        ((Guid)value).TryFormat(text, out _);
        Ascii.ToUpperInPlace(text, out _);
        Utf8(statement, index, text);
    }

    // Every format above is at most 33 bytes long (a DateTimeOffset's).
    private static void Formatted<T>(sqlite3_stmt statement, int index, T value, string format)
        where T : IUtf8SpanFormattable
    {
        Span<byte> text = stackalloc byte[64];
        if (!value.TryFormat(text, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new UnreachableException($"{value} does not fit {text.Length} bytes as '{format}'.");
        }

        Utf8(statement, index, text[..written]);
    }

    // As UTF-8, the database's encoding: text bound as UTF-16 is translated by SQLite into memory it allocates per value.
    private static void Text(sqlite3_stmt statement, int index, ReadOnlySpan<char> text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            Utf8(statement, index, buffer[..Encoding.UTF8.GetBytes(text, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void Utf8(sqlite3_stmt statement, int index, ReadOnlySpan<byte> text) =>
        Check(statement, raw.sqlite3_bind_text(statement, index, text));

    private static void Int64(sqlite3_stmt statement, int index, long value) =>
        Check(statement, raw.sqlite3_bind_int64(statement, index, value));

    private static void Double(sqlite3_stmt statement, int index, double value)
    {
        if (double.IsNaN(value))
        {
            // As Microsoft.Data.Sqlite: SQLite would store NaN as NULL.
            throw new InvalidOperationException("Cannot store 'NaN' values.");
        }

        Check(statement, raw.sqlite3_bind_double(statement, index, value));
    }

    private static void Check(sqlite3_stmt statement, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            // The exception SaveChanges and SqliteCommand raise: callers tell constraint violations and busy files apart by it.
            SqliteException.ThrowExceptionForRC(result, raw.sqlite3_db_handle(statement));
        }
    }
}
