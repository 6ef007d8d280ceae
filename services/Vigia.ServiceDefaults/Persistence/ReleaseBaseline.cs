using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// Release 0.5.0 created each schema from the model and kept no migrations history. Every service's first
/// migration (<see cref="MigrationName"/>) is that schema exactly, so a 0.5.0 database already holds what it
/// would create: its tables are checked against the migration's model and the migration is recorded as
/// applied, without touching a row; the migrations after it then run as usual.
/// </summary>
public static class ReleaseBaseline
{
    /// <summary>The name (after the timestamp) every service gives its first migration.</summary>
    public const string MigrationName = "Release_0_5_0";

    /// <summary>
    /// Records the baseline as applied when the schema has tables but no migrations history, and returns its id;
    /// null when there is nothing to adopt (an empty schema, or one with migrations applied). Throws when the tables are
    /// not 0.5.0's (missing a table or column the baseline has), rather than migrate over a schema nobody knows.
    /// </summary>
    public static async Task<string?> AdoptAsync(DbContext db, string schema, CancellationToken ct)
    {
        // An empty history counts as none: a migrate run that failed after EF created the table leaves one.
        if ((await db.Database.GetAppliedMigrationsAsync(ct)).Any())
        {
            return null;
        }

        var existing = (await AllColumnsAsync(db, schema, ct)).Where(IsServiceTable).ToHashSet();
        if (existing.Count == 0)
        {
            return null;
        }

        var migrations = db.GetService<IMigrationsAssembly>();
        var (id, type) = migrations.Migrations.FirstOrDefault(m => m.Key.EndsWith($"_{MigrationName}", StringComparison.Ordinal));
        if (id is null)
        {
            throw new InvalidOperationException($"{db.GetType().Name} has no {MigrationName} migration to adopt a 0.5.0 schema with.");
        }

        var baseline = migrations.CreateMigration(type, db.Database.ProviderName!);
        var missing = ColumnsOf(baseline.TargetModel!).Where(c => !existing.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new SchemaNotReadyException(
                $"The '{schema}' schema has tables but no migrations history, and they are not release 0.5.0's: " +
                $"missing {string.Join(", ", missing.Take(20).Select(c => $"{c.Table}.{c.Column}"))}" +
                (missing.Count > 20 ? $" and {missing.Count - 20} more" : "") +
                ". Restore it from a backup of 0.5.0, or migrate an empty schema and copy the rows over.");
        }

        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(ct);
        try
        {
            // The history row alone: the tables are there already.
#pragma warning disable EF1002 // the script is EF's own, built from the migration id and EF's version
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion())), ct);
#pragma warning restore EF1002
        }
        catch (DbException)
        {
            // Another replica adopted it at the same moment, or the insert really failed.
            if (!(await history.GetAppliedMigrationsAsync(ct)).Any(m => m.MigrationId == id))
            {
                throw;
            }
        }

        return id;
    }

    /// <summary>Whether the schema has any table of the service's own (not EF's, not SQLite's).</summary>
    public static async Task<bool> HasTablesAsync(DbContext db, string schema, CancellationToken ct) =>
        (await AllColumnsAsync(db, schema, ct)).Any(IsServiceTable);

    private static Task<List<TableColumn>> AllColumnsAsync(DbContext db, string schema, CancellationToken ct) =>
        (db.Database.IsNpgsql()
            ? db.Database.SqlQuery<TableColumn>(
                $"SELECT table_name AS \"Table\", column_name AS \"Column\" FROM information_schema.columns WHERE table_schema = {schema}")
            : db.Database.SqlQuery<TableColumn>(
                $"SELECT m.name AS \"Table\", p.name AS \"Column\" FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table'"))
        .ToListAsync(ct);

    private static bool IsServiceTable(TableColumn column) =>
        !column.Table.StartsWith("__", StringComparison.Ordinal) && !column.Table.StartsWith("sqlite_", StringComparison.Ordinal);

    private static IEnumerable<TableColumn> ColumnsOf(IModel model) =>
        from entityType in model.GetEntityTypes()
        let table = entityType.GetTableName()
        where table is not null
        let store = StoreObjectIdentifier.Table(table, entityType.GetSchema())
        from property in entityType.GetProperties()
        select new TableColumn(table, property.GetColumnName(store)!);

    private sealed record TableColumn(string Table, string Column);
}
