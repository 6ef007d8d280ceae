using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;

namespace Vigia.Alerting.Series;

/// <summary>
/// The first day alerting has seen an incident on, for the platform and per country. Statistics answers
/// zeros for the days before the data, which are not quiet days but days nobody recorded: a detector fed
/// years of them alarms at the start of the data and judges later days against a baseline of zeros. So
/// a series' history starts at its country's first recorded day (the platform's, for a series not tied
/// to countries).
/// </summary>
public static class DataStart
{
    private const string Prefix = "data-start:";
    private const string Platform = Prefix + "*";

    /// <summary>Moves the starts back to the earliest of <paramref name="snapshots"/> (never forward), in the caller's unit of work.</summary>
    public static async Task AdvanceAsync(AlertingDbContext db, IReadOnlyCollection<IncidentSnapshot> snapshots, CancellationToken ct)
    {
        var earliest = snapshots
            .GroupBy(s => CountryKey(s.CountryCode))
            .Select(g => (Key: g.Key, First: g.Min(s => s.OccurredOn)))
            .Append((Key: Platform, First: snapshots.Min(s => s.OccurredOn)))
            .ToList();
        var keys = earliest.Select(e => e.Key).ToList();
        var stored = await db.Settings.Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, ct);
        foreach (var (key, first) in earliest)
        {
            var value = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!stored.TryGetValue(key, out var setting))
            {
                db.Settings.Add(new AlertingSetting { Key = key, Value = value });
            }
            else if (first < Parse(setting.Value))
            {
                setting.Value = value;
            }
        }
    }

    /// <summary>The first recorded day of the series' countries (the earliest of them), or of the platform; null before any data.</summary>
    public static async Task<DateOnly?> ForAsync(AlertingDbContext db, Selection series, CancellationToken ct)
    {
        var keys = series.Countries.Count > 0 ? [.. series.Countries.Select(CountryKey)] : new List<string> { Platform };
        var values = await db.Settings.AsNoTracking().Where(s => keys.Contains(s.Key)).Select(s => s.Value).ToListAsync(ct);
        return values.Count == 0 ? null : values.Select(Parse).Min();
    }

    private static string CountryKey(string countryCode) => Prefix + countryCode.Trim().ToUpperInvariant();

    private static DateOnly Parse(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
