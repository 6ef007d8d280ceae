using System.Data.Common;
using System.Globalization;
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
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    /// <summary>Whether the statement goes to PostgreSQL (otherwise SQLite).</summary>
    public bool IsPostgres { get; } = db.Database.IsNpgsql();

    /// <summary>The entity's table, quoted, with its schema.</summary>
    public string Table<TEntity>() where TEntity : class => Table(Entity<TEntity>());

    /// <summary>The entity type's table, quoted, with its schema.</summary>
    public string Table(IEntityType entity) =>
        _sql.DelimitIdentifier(entity.GetTableName() ?? throw new InvalidOperationException($"{entity.DisplayName()} has no table."), entity.GetSchema());

    /// <summary>The column of the entity's property, quoted.</summary>
    public string Column<TEntity>(string property) where TEntity : class
    {
        var entity = Entity<TEntity>();
        return Column(entity, entity.FindProperty(property)
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{property} is not a mapped property."));
    }

    /// <summary>The column of a property in its entity type's table, quoted.</summary>
    public string Column(IEntityType entity, IProperty property) =>
        _sql.DelimitIdentifier(property.GetColumnName(StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()))
            ?? throw new InvalidOperationException($"{property.Name} has no column in {entity.GetTableName()}."));

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
                rows[r][c] = columns[c].Values.GetValue(r) switch
                {
                    Guid guid => guid.ToString().ToUpperInvariant(),
                    DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    var value => value,
                };
            }
        }

        parameters.Add(new SqliteParameter(name, JsonSerializer.Serialize(rows)));
        var selected = string.Join(", ", names.Select((column, c) => $"value ->> {c} AS {column}"));
        return $"(SELECT {selected} FROM json_each(@{name})) AS {name}";
    }

    private IEntityType Entity<TEntity>() => db.Model.FindEntityType(typeof(TEntity))
        ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped by {db.GetType().Name}.");
}
