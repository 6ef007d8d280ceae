using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vigia.Statistics.Tests.Support;

/// <summary>Records SQLite's plan (<c>EXPLAIN QUERY PLAN</c>, same parameters) of every query a context reads with.</summary>
public sealed class QueryPlans : DbCommandInterceptor
{
    private readonly List<(string Sql, string Plan)> _plans = [];

    public IReadOnlyList<(string Sql, string Plan)> Recorded => _plans;

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await using var explain = command.Connection!.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        foreach (DbParameter parameter in command.Parameters)
        {
            var copy = explain.CreateParameter();
            copy.ParameterName = parameter.ParameterName;
            copy.Value = parameter.Value;
            explain.Parameters.Add(copy);
        }

        var steps = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                steps.Add(reader.GetString(3));
            }
        }

        _plans.Add((command.CommandText, string.Join(" | ", steps)));
        return result;
    }
}
