using System.Collections;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// Inserts many new rows of one table inside the context's open transaction, without the change tracker: PostgreSQL
/// binary COPY, or on SQLite one prepared INSERT executed per row (<see cref="SqliteRowWriter"/>). SaveChanges tracks
/// every entity, snapshots it and sends batched statements: for the thousands of rows a bulk load writes per message that bookkeeping, not the
/// database, was most of the cost. Tables, columns and value conversions come from the EF Core model, so each row is
/// stored as SaveChanges would store it; keys the database generates (identity sequences) are left to it.
/// A few rows (a report typed in at a desk) go to PostgreSQL as one multi-row INSERT instead: a COPY is two round
/// trips (its start is answered before the rows are sent), and on a loaded machine each one waits for the client to be
/// scheduled again; the live path writes a handful of tables per report in each service.
/// </summary>
public static class BulkInsert
{
    /// <summary>Up to this many rows go to PostgreSQL as one INSERT statement; more, by COPY.</summary>
    public const int MaxRowsPerStatement = 32;

    // Each table's columns, their mappings and readers, worked out once per model (and kept only as long as the model
    // lives): the live path inserts a few rows at a time, where this was a share of each statement.
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<IEntityType, Table>> s_tables = [];

    /// <summary>Inserts <paramref name="rows"/> (new entities, not tracked) in the current transaction.</summary>
    public static Task BulkInsertAsync<TEntity>(this DbContext db, IReadOnlyCollection<TEntity> rows, CancellationToken ct)
        where TEntity : class
    {
        var entityType = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped by {db.GetType().Name}.");
        return db.InsertAsync(entityType, [.. rows.Select(r => new Row(r, null))], ct);
    }

    /// <summary>
    /// Inserts the owned collection <paramref name="navigation"/> of each of <paramref name="owners"/> (new, not
    /// tracked); the owner's key, a shadow property of the owned rows, comes from each owner.
    /// </summary>
    public static Task BulkInsertOwnedAsync<TOwner>(this DbContext db, IReadOnlyCollection<TOwner> owners, string navigation, CancellationToken ct)
        where TOwner : class
    {
        var owned = db.Model.FindEntityType(typeof(TOwner))?.FindNavigation(navigation)
            ?? throw new InvalidOperationException($"{typeof(TOwner).Name}.{navigation} is not a mapped navigation.");
        var getter = owned.GetGetter();
        var rows = owners
            .SelectMany(owner => ((IEnumerable?)getter.GetClrValue(owner) ?? Array.Empty<object>()).Cast<object>().Select(item => new Row(item, owner)))
            .ToList();
        return db.InsertAsync(owned.TargetEntityType, rows, ct);
    }

    private static async Task InsertAsync(this DbContext db, IEntityType entityType, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("BulkInsert writes inside the caller's transaction: begin one first.");
        var (target, columns, columnList) = s_tables.GetValue(entityType.Model, _ => new()).GetOrAdd(entityType, static (entityType, db) =>
        {
            var names = new ModelSql(db);
            var columns = entityType.GetProperties()
                .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated.HasFlag(ValueGenerated.OnAdd)))
                .Select(p => new Column(p, names.Column(entityType, p), p.GetRelationalTypeMapping(), ReaderOf(p)))
                .ToList();
            return new Table(names.Table(entityType), columns, string.Join(", ", columns.Select(c => c.Name)));
        }, db);

        if (transaction.Connection is NpgsqlConnection npgsql && rows.Count > MaxRowsPerStatement)
        {
            await using var importer = await npgsql.BeginBinaryImportAsync($"COPY {target} ({columnList}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(ct);
                foreach (var column in columns)
                {
                    var value = column.StoredValue(row);
                    if (value is null)
                    {
                        await importer.WriteNullAsync(ct);
                    }
                    else
                    {
                        await importer.WriteAsync(value, column.Mapping.StoreTypeNameBase, ct);
                    }
                }
            }

            await importer.CompleteAsync(ct);
            return;
        }

        if (transaction.Connection is NpgsqlConnection)
        {
            // Every row in one statement: one round trip.
            await using var command = transaction.Connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {target} ({columnList}) VALUES {string.Join(", ", rows.Select((_, r) => Placeholders(columns, $"r{r}")))}";
            for (var r = 0; r < rows.Count; r++)
            {
                AddParameters(command, columns, rows[r], $"r{r}");
            }

            await command.ExecuteNonQueryAsync(ct);
            return;
        }

        // SQLite: one prepared statement, each row's values bound to it by position.
        using var writer = new SqliteRowWriter(
            (SqliteConnection)transaction.Connection!, $"INSERT INTO {target} ({columnList}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})",
            [.. columns.Select(c => c.StoredType)]);
        var values = new object?[columns.Count];
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            for (var i = 0; i < columns.Count; i++)
            {
                values[i] = columns[i].StoredValue(row);
            }

            writer.Write(values);
        }
    }

    private static string Placeholders(List<Column> columns, string prefix) => $"({string.Join(", ", columns.Select((_, i) => $"@{prefix}p{i}"))})";

    private static void AddParameters(DbCommand command, List<Column> columns, Row row, string prefix)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            // The type mapping converts the value and sets the parameter's type exactly as SaveChanges does.
            command.Parameters.Add(columns[i].Mapping.CreateParameter(command, $"@{prefix}p{i}", columns[i].Read(row), columns[i].Property.IsNullable));
        }
    }

    /// <summary>How a row's value of <paramref name="property"/> is read, worked out once per table rather than per value.</summary>
    private static Func<Row, object?> ReaderOf(IProperty property)
    {
        if (!property.IsShadowProperty())
        {
            var getter = property.GetGetter();
            return row => getter.GetClrValue(row.Entity);
        }

        // An owned row's key to its owner: the owner's own key value.
        var ownership = property.GetContainingForeignKeys().FirstOrDefault(f => f.IsOwnership)
            ?? throw new NotSupportedException($"BulkInsert cannot fill the shadow property {property.DeclaringType.DisplayName()}.{property.Name}.");
        var principal = ownership.PrincipalKey.Properties[ownership.Properties.ToList().IndexOf(property)].GetGetter();
        return row => principal.GetClrValue(row.Owner ?? throw new InvalidOperationException($"{property.Name} needs the row's owner."));
    }

    private sealed record Row(object Entity, object? Owner);

    // Name: the table, quoted; the columns a row fills, and their names joined for the statement.
    private sealed record Table(string Name, List<Column> Columns, string ColumnList);

    // Name: the column, quoted. Read: the row's value as the entity holds it.
    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, Func<Row, object?> Read)
    {
        /// <summary>The type of the values the column stores: the mapping's provider type when it converts them.</summary>
        public Type StoredType => Mapping.Converter?.ProviderClrType ?? Property.ClrType;

        /// <summary>The row's value as the column stores it: through the mapping's value converter, as SaveChanges sends it.</summary>
        public object? StoredValue(Row row)
        {
            var value = Read(row);
            return value is not null && Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }
    }
}
