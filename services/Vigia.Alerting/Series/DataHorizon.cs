using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Series;

/// <summary>
/// The latest day alerting has seen an incident on, across every series. Days after it have no data
/// yet, so they are never judged: a quiet day is only quiet once the data has moved past it.
/// </summary>
public static class DataHorizon
{
    // Every judge's pass reads it.
    private static readonly CompiledPerModel<Func<AlertingDbContext, CancellationToken, Task<AlertingSetting?>>> s_horizon = new(() => EF.CompileAsyncQuery(
        (AlertingDbContext db, CancellationToken ct) => db.Settings.SingleOrDefault(s => s.Key == AlertingSetting.DataHorizon)));

    /// <summary>Moves the horizon forward to <paramref name="seen"/> (never back), in the caller's unit of work.</summary>
    public static async Task<DateOnly> AdvanceAsync(AlertingDbContext db, DateOnly seen, CancellationToken ct)
    {
        var setting = await s_horizon.For(db)(db, ct);
        var value = seen.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (setting is null)
        {
            db.Settings.Add(new AlertingSetting { Key = AlertingSetting.DataHorizon, Value = value });
            return seen;
        }

        var current = DateOnly.ParseExact(setting.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (seen > current)
        {
            setting.Value = value;
            return seen;
        }

        return current;
    }
}
