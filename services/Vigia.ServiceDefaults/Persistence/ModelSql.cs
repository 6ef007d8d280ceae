using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// The parts of a hand-written set-based statement, for the statements LINQ cannot say in one round trip (an update
/// or upsert from a batch, a join to a batch of windows): table and column names from the EF Core model, quoted by the
/// provider, and parameters of the context's provider, among them a whole batch of rows as one table-valued parameter
/// (PostgreSQL arrays through <c>unnest</c>, a JSON array through SQLite's <c>json_each</c>), so a batch costs one
/// statement whatever its size.
/// </summary>
public sealed class ModelSql(DbContext db)
{
    // Names worked out from the model once per table and column, not per statement: the metadata walks behind them were
    // 1-2 % of an idle live report's CPU (docs/benchmarks.md, thirty-seventh session). Kept per model (built once per
    // context type and provider, so the quoting of its provider goes with it), and only as long as the model lives.
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<(IEntityType Entity, IProperty? Property), string>> s_names = [];

    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    /// <summary>Whether the statement goes to PostgreSQL (otherwise SQLite).</summary>
    public bool IsPostgres { get; } = db.Database.IsNpgsql();

    /// <summary>The entity's table, quoted, with its schema.</summary>
    public string Table<TEntity>() where TEntity : class => Table(Entity<TEntity>());

    /// <summary>The entity type's table, quoted, with its schema.</summary>
    public string Table(IEntityType entity) =>
        NamesOf(entity).GetOrAdd((entity, null), static (key, sql) => sql.DelimitIdentifier(
            key.Entity.GetTableName() ?? throw new InvalidOperationException($"{key.Entity.DisplayName()} has no table."), key.Entity.GetSchema()), _sql);

    /// <summary>The column of the entity's property, quoted.</summary>
    public string Column<TEntity>(string property) where TEntity : class
    {
        var entity = Entity<TEntity>();
        return Column(entity, entity.FindProperty(property)
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{property} is not a mapped property."));
    }

    /// <summary>The column of a property in its entity type's table, quoted.</summary>
    public string Column(IEntityType entity, IProperty property) =>
        NamesOf(entity).GetOrAdd((entity, property), static (key, sql) => sql.DelimitIdentifier(
            key.Property!.GetColumnName(StoreObjectIdentifier.Table(key.Entity.GetTableName()!, key.Entity.GetSchema()))
                ?? throw new InvalidOperationException($"{key.Property!.Name} has no column in {key.Entity.GetTableName()}.")), _sql);

    /// <summary>A parameter of the context's provider.</summary>
    public DbParameter Parameter(string name, object? value) =>
        IsPostgres ? new NpgsqlParameter(name, value) : new SqliteParameter(name, value);

    /// <summary>
    /// A batch of rows as a FROM item named <paramref name="name"/> with the given columns, each column's values an
    /// array of one type (all of one length); its parameters are added to <paramref name="parameters"/>. On SQLite a
    /// Guid goes as EF Core stores it (upper-case text) and a date as ISO text.
    /// </summary>
    public string Rows(string name, ICollection<DbParameter> parameters, params ReadOnlySpan<(string Column, Array Values)> columns)
    {
        var names = new string[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            names[c] = columns[c].Column;
        }

        if (IsPostgres)
        {
            var arrays = new string[columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                arrays[c] = $"@{name}_{names[c]}";
                parameters.Add(new NpgsqlParameter(arrays[c], columns[c].Values));
            }

            return $"unnest({string.Join(", ", arrays)}) AS {name}({string.Join(", ", names)})";
        }

        var count = columns.Length == 0 ? 0 : columns[0].Values.Length;
        var rows = new object?[count][];
        for (var r = 0; r < count; r++)
        {
            rows[r] = new object?[columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                rows[r][c] = AsSqliteJson(columns[c].Values.GetValue(r));
            }
        }

        parameters.Add(new SqliteParameter(name, JsonSerializer.Serialize(rows)));
        var selected = string.Join(", ", names.Select((column, c) => $"value ->> {c} AS {column}"));
        return $"(SELECT {selected} FROM json_each(@{name})) AS {name}";
    }

    /// <summary>
    /// A condition that <paramref name="column"/> (quoted, as <see cref="Column{TEntity}"/> gives it) is one of
    /// <paramref name="values"/>, in SQL text that does not change with them: one array parameter on PostgreSQL, one JSON
    /// array on SQLite (as <see cref="Rows"/> writes values). Its parameter is added to <paramref name="parameters"/>.
    /// Meant for a key the column's index leads with, sought value by value.
    /// </summary>
    public string AnyOf(string column, string name, ICollection<DbParameter> parameters, Array values)
    {
        if (IsPostgres)
        {
            parameters.Add(new NpgsqlParameter(name, values));
            return $"{column} = ANY(@{name})";
        }

        var json = new object?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            json[i] = AsSqliteJson(values.GetValue(i));
        }

        parameters.Add(new SqliteParameter(name, JsonSerializer.Serialize(json)));
        return $"{column} IN (SELECT value FROM json_each(@{name}))";
    }

    /// <summary>A value as SQLite's JSON parameters carry it: a Guid as EF Core stores it (upper-case text), a date as ISO text.</summary>
    private static object? AsSqliteJson(object? value) => value switch
    {
        Guid guid => guid.ToString().ToUpperInvariant(),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>
    /// A query of the entity's rows whose columns equal one of the key tuples given (column values of one length, the
    /// tuples distinct), for <c>FromSqlRaw</c>; its parameters are added to <paramref name="parameters"/>. Each tuple is
    /// sought on its own through the index on those columns. PostgreSQL plans <c>column = ANY(@array)</c> from the
    /// table's statistics, which lag behind a table a bulk load is filling: with a source it had not seen yet it read
    /// every row of that source for each batch's duplicate check (55-80 ms a batch at 50,000 rows, and growing with
    /// them), and with few rows counted it scanned the whole table for 500 ids (29 ms at 66,000). A lateral subquery
    /// per tuple (kept one by OFFSET 0) is an index lookup whatever the statistics say; SQLite joins tuple by tuple
    /// through the index anyway.
    /// </summary>
    public string RowsWithKeys<TEntity>(ICollection<DbParameter> parameters, params ReadOnlySpan<(string Property, Array Values)> keys)
        where TEntity : class
    {
        var columns = new (string Column, Array Values)[keys.Length];
        var conditions = new string[keys.Length];
        for (var k = 0; k < keys.Length; k++)
        {
            columns[k] = ($"k{k}", keys[k].Values);
            conditions[k] = $"t.{Column<TEntity>(keys[k].Property)} = k.k{k}";
        }

        var keyRows = Rows("k", parameters, columns);
        var matching = string.Join(" AND ", conditions);
        return IsPostgres
            ? $"SELECT t.* FROM {keyRows} CROSS JOIN LATERAL (SELECT * FROM {Table<TEntity>()} AS t WHERE {matching} OFFSET 0) AS t"
            : $"SELECT t.* FROM {keyRows} JOIN {Table<TEntity>()} AS t ON {matching}";
    }

    private static ConcurrentDictionary<(IEntityType Entity, IProperty? Property), string> NamesOf(IEntityType entity) =>
        s_names.GetValue(entity.Model, _ => new());

    private IEntityType Entity<TEntity>() => db.Model.FindEntityType(typeof(TEntity))
        ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped by {db.GetType().Name}.");
}
