using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// An EF Core compiled query (<see cref="EF.CompileAsyncQuery{TContext, TResult}(System.Linq.Expressions.Expression{Func{TContext, TResult}})"/>),
/// compiled once per model, for the fixed statements every report repeats on its way (the inbox check, the relays'
/// reads, the judge's catalogs and claim). A LINQ query is looked up in EF Core's cache on every call, its expression
/// walked and its parameters extracted, which for these one-row statements cost more than the database's answer
/// (parameter extraction alone 4.2 % of a lone report's CPU before, 2.8 % after; its median alert latency 1–4 ms lower: docs/benchmarks.md,
/// forty-fifth session). Per model, because a compiled query keeps what it compiled for the first context it ran on,
/// provider included, and one process can hold a context type on two providers (the tests run SQLite and PostgreSQL
/// hosts side by side: the second provider's reads came back empty). Kept only as long as the model lives.
/// </summary>
/// <typeparam name="TQuery">The compiled query's delegate.</typeparam>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = [];

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TQuery For(DbContext db) =>
        _compiled.TryGetValue(db.Model, out var compiled) ? compiled : _compiled.GetValue(db.Model, _ => compile());
}
