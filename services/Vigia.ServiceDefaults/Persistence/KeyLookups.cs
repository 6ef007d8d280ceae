using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>Rows looked up by a batch of keys, each key through its index (<see cref="ModelSql.RowsWithKeys"/>).</summary>
public static class KeyLookups
{
    /// <summary>
    /// The set's rows whose properties equal one of the key tuples (values of one length per property, the tuples
    /// distinct), as a query LINQ can go on from (Include, Select, AsNoTracking). Compose no condition on the rows
    /// (Where): SQLite flattens the lookup into the outer query, and a condition there lets an index led by that column
    /// serve the join instead, scanning its rows for each key (alerting's tracked incidents, filtered by rule, did: plan
    /// steps of seconds). Pick rows out in memory.
    /// </summary>
    public static IQueryable<TEntity> WithKeys<TEntity>(this DbSet<TEntity> set, params ReadOnlySpan<(string Property, Array Values)> keys)
        where TEntity : class
    {
        var db = set.GetService<ICurrentDbContext>().Context;
        var parameters = new List<DbParameter>();
        var sql = new ModelSql(db).RowsWithKeys<TEntity>(parameters, keys);
        return set.FromSqlRaw(sql, [.. parameters]);
    }
}
