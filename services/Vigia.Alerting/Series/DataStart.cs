using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Series;

/// <summary>
/// The first day alerting has seen an incident on, for the platform and per country. Statistics answers
/// zeros for the days before the data, which are not quiet days but days nobody recorded: a detector fed
/// years of them alarms at the start of the data and judges later days against a baseline of zeros. So
/// a series' history starts at its country's first recorded day (the platform's, for a series not tied
/// to countries). There is one start per country the data reaches, so a pass reads them all at once
/// instead of once per series it judges.
/// </summary>
public sealed class DataStart
{
    private const string Prefix = "data-start:";
    private const string Platform = Prefix + "*";

    private static readonly Expression<Func<AlertingSetting, bool>> s_isStart = s => s.Key.StartsWith(Prefix);

    // Every judge's pass reads them, tracked, to move them.
    private static readonly CompiledPerModel<Func<AlertingDbContext, IAsyncEnumerable<AlertingSetting>>> s_starts = new(() => EF.CompileAsyncQuery(
        (AlertingDbContext db) => db.Settings.Where(s_isStart)));

    private readonly Dictionary<string, DateOnly> _firstDays;

    private DataStart(Dictionary<string, DateOnly> firstDays) => _firstDays = firstDays;

    /// <summary>
    /// Moves the starts back to the earliest of <paramref name="snapshots"/> (never forward), in the caller's unit of
    /// work, and returns every start as moved.
    /// </summary>
    public static async Task<DataStart> AdvanceAsync(AlertingDbContext db, IReadOnlyCollection<IncidentSnapshot> snapshots, CancellationToken ct)
    {
        var stored = await s_starts.For(db)(db).ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, ct);
        var earliest = snapshots
            .GroupBy(s => CountryKey(s.CountryCode))
            .Select(g => (Key: g.Key, First: g.Min(s => s.OccurredOn)))
            .Append((Key: Platform, First: snapshots.Min(s => s.OccurredOn)));
        foreach (var (key, first) in earliest)
        {
            var value = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!stored.TryGetValue(key, out var setting))
            {
                setting = new AlertingSetting { Key = key, Value = value };
                db.Settings.Add(setting);
                stored[key] = setting;
            }
            else if (first < Parse(setting.Value))
            {
                setting.Value = value;
            }
        }

        return new DataStart(stored.ToDictionary(s => s.Key, s => Parse(s.Value.Value), StringComparer.Ordinal));
    }

    /// <summary>The starts as stored.</summary>
    public static async Task<DataStart> ReadAsync(AlertingDbContext db, CancellationToken ct) =>
        new(await db.Settings.AsNoTracking().Where(s_isStart)
            .ToDictionaryAsync(s => s.Key, s => Parse(s.Value), StringComparer.Ordinal, ct));

    /// <summary>The first recorded day of the series' countries (the earliest of them), or of the platform; null before any data.</summary>
    public DateOnly? For(Selection series)
    {
        IEnumerable<string> keys = series.Countries.Count > 0 ? series.Countries.Select(CountryKey) : [Platform];
        DateOnly? first = null;
        foreach (var key in keys)
        {
            if (_firstDays.TryGetValue(key, out var day) && (first is null || day < first))
            {
                first = day;
            }
        }

        return first;
    }

    private static string CountryKey(string countryCode) => Prefix + countryCode.Trim().ToUpperInvariant();

    private static DateOnly Parse(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
