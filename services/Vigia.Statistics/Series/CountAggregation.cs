using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.Statistics.Data;
using Vigia.Statistics.Projection;

namespace Vigia.Statistics.Series;

/// <summary>
/// Counts incidents or victims in the database (GROUP BY day and key), so a query over years of
/// busy data returns one row per day and group instead of every incident. Retracted incidents
/// count nowhere; an incident counts on its stated date whatever its precision (a WEEK or MONTH
/// date is counted on the day the registry gives for it). With an as_of instant the same counts
/// are made over the versions known then (<see cref="KnownVersion"/>) instead of the latest. A count that needs nothing
/// finer than a department, a day, a type and a victim category reads a daily rollup (<see cref="DailyCount"/>,
/// <see cref="DailyVictimCount"/>) instead of the incidents.
/// </summary>
public sealed class CountAggregation(StatisticsDbContext db)
{
    /// <summary>Counts per day and group key (only days and groups with data).</summary>
    public async Task<IReadOnlyList<KeyedCount>> ByDayAsync(
        Selection selection, Measure measure, DatePeriod period, GroupBy groupBy, DateTime? asOf, CancellationToken ct)
    {
        var facts = Facts(selection, measure, period, asOf, perCategory: groupBy == GroupBy.VictimCategory,
            perIncident: groupBy is GroupBy.Admin2 or GroupBy.Perpetrator);
        return groupBy switch
        {
            GroupBy.Country => await ByDayAsync(facts.Select(f => new Keyed<string?> { Date = f.Date, Key = f.CountryCode, Weight = f.Weight }), SeriesKeys.OfText, ct),
            GroupBy.Admin1 => await ByDayAsync(facts.Select(f => new Keyed<string?> { Date = f.Date, Key = f.Admin1, Weight = f.Weight }), SeriesKeys.OfText, ct),
            GroupBy.Admin2 => await ByDayAsync(facts.Select(f => new Keyed<string?> { Date = f.Date, Key = f.Admin2, Weight = f.Weight }), SeriesKeys.OfText, ct),
            GroupBy.IncidentType => await ByDayAsync(facts.Select(f => new Keyed<IncidentType> { Date = f.Date, Key = f.IncidentType, Weight = f.Weight }), SeriesKeys.Of, ct),
            GroupBy.VictimCategory => await ByDayAsync(facts.Select(f => new Keyed<VictimCategory> { Date = f.Date, Key = f.Category, Weight = f.Weight }), SeriesKeys.Of, ct),
            GroupBy.Perpetrator => await ByDayAsync(facts.Select(f => new Keyed<string?> { Date = f.Date, Key = f.PerpetratorKey, Weight = f.Weight }), SeriesKeys.OfText, ct),
            _ => [.. (await facts
                    .GroupBy(f => f.Date)
                    .Select(g => new { Date = g.Key, Value = g.Sum(f => f.Weight) })
                    .ToListAsync(ct))
                .Select(r => new KeyedCount(r.Date, SeriesKeys.All, r.Value))],
        };
    }

    /// <summary>The total over the period.</summary>
    public Task<long> TotalAsync(Selection selection, Measure measure, DatePeriod period, DateTime? asOf, CancellationToken ct) =>
        Facts(selection, measure, period, asOf, perCategory: false, perIncident: false).SumAsync(f => f.Weight, ct);

    /// <summary>Totals per department (or municipality) over the period; incidents without one are left out.</summary>
    public async Task<IReadOnlyList<PlaceCount>> ByPlaceAsync(
        Selection selection, Measure measure, DatePeriod period, bool municipalities, DateTime? asOf, CancellationToken ct)
    {
        var facts = Facts(selection, measure, period, asOf, perCategory: false, perIncident: municipalities);
        if (municipalities)
        {
            var rows = await facts
                .Where(f => f.Admin2 != null)
                .GroupBy(f => new { f.CountryCode, f.Admin1, f.Admin2 })
                .Select(g => new { g.Key.CountryCode, g.Key.Admin1, g.Key.Admin2, Value = g.Sum(f => f.Weight) })
                .ToListAsync(ct);
            return [.. rows.Select(r => new PlaceCount(r.CountryCode, r.Admin1, r.Admin2, r.Value))];
        }

        var departments = await facts
            .Where(f => f.Admin1 != null)
            .GroupBy(f => new { f.CountryCode, f.Admin1 })
            .Select(g => new { g.Key.CountryCode, g.Key.Admin1, Value = g.Sum(f => f.Weight) })
            .ToListAsync(ct);
        return [.. departments.Select(r => new PlaceCount(r.CountryCode, r.Admin1, null, r.Value))];
    }

    private static async Task<IReadOnlyList<KeyedCount>> ByDayAsync<TKey>(
        IQueryable<Keyed<TKey>> keyed, Func<TKey, string> name, CancellationToken ct)
    {
        var rows = await keyed
            .GroupBy(k => new { k.Date, k.Key })
            .Select(g => new { g.Key.Date, g.Key.Key, Value = g.Sum(k => k.Weight) })
            .ToListAsync(ct);
        return [.. rows.Select(r => new KeyedCount(r.Date, name(r.Key), r.Value))];
    }

    /// <summary>
    /// What is counted, one row per incident (INCIDENTS) or per incident and victim category
    /// (VICTIMS, or INCIDENTS split by category), weighted by what it adds to the count; or, when nothing finer than a
    /// department, a day, a type and a victim category is asked for, one row per cell of a daily rollup.
    /// </summary>
    /// <param name="perIncident">The counts are grouped by something only the incident rows hold (municipality, perpetrator).</param>
    private IQueryable<CountedFact> Facts(
        Selection selection, Measure measure, DatePeriod period, DateTime? asOf, bool perCategory, bool perIncident)
    {
        if (asOf is null && !perIncident && selection.Admin2.Count == 0 && selection.Perpetrators.Count == 0)
        {
            if (!perCategory && selection.VictimCategories.Count == 0)
            {
                return RolledUp(selection, measure, period);
            }

            // An incident with victims of two selected categories is one incident but sits in a cell of each: the
            // category rollup adds up to victims, to incidents per category, or to the incidents of one category only.
            if (perCategory || measure == Measure.Victims || selection.VictimCategories.Count == 1)
            {
                return RolledUpByCategory(selection, measure, period);
            }
        }

        var (incidents, victims) = asOf is { } instant ? KnownAt(instant) : KnownNow();
        incidents = Matching(incidents, selection, period);
        victims = victims.Where(v => v.Count > 0);
        var categories = selection.VictimCategories.ToArray();
        if (measure == Measure.Victims && !perCategory && categories.Length == 0)
        {
            // Every victim of the incident counts: its total, without the join below (an incident without victims adds
            // no row, as in the join). A projection of its own, not a weight chosen by a parameter in the INCIDENTS one
            // below: a constant weight there keeps INCIDENTS counts answerable from the covering indexes alone.
            return incidents.Where(i => i.VictimCount > 0).Select(i => new CountedFact
            {
                Date = i.OccurredOn,
                CountryCode = i.CountryCode,
                Admin1 = i.Admin1,
                Admin2 = i.Admin2,
                IncidentType = i.IncidentType,
                PerpetratorKey = i.PerpetratorKey,
                Category = VictimCategory.Unspecified,
                Weight = (long)i.VictimCount,
            });
        }

        if (categories.Length > 0)
        {
            victims = victims.Where(v => categories.Contains(v.Category));
        }

        if (measure != Measure.Victims && !perCategory)
        {
            if (categories.Length > 0)
            {
                // An incident "of" a victim category is one with at least one such victim.
                incidents = incidents.Where(i => victims.Any(v => v.Key == i.Key));
            }

            return incidents.Select(i => new CountedFact
            {
                Date = i.OccurredOn,
                CountryCode = i.CountryCode,
                Admin1 = i.Admin1,
                Admin2 = i.Admin2,
                IncidentType = i.IncidentType,
                PerpetratorKey = i.PerpetratorKey,
                Category = VictimCategory.Unspecified,
                Weight = 1L,
            });
        }

        // VICTIMS weighs each category by its victims; INCIDENTS per category counts an incident
        // once in each category it has victims of.
        var countVictims = measure == Measure.Victims;
        return victims.Join(incidents, v => v.Key, i => i.Key, (v, i) => new CountedFact
        {
            Date = i.OccurredOn,
            CountryCode = i.CountryCode,
            Admin1 = i.Admin1,
            Admin2 = i.Admin2,
            IncidentType = i.IncidentType,
            PerpetratorKey = i.PerpetratorKey,
            Category = v.Category,
            Weight = countVictims ? (long)v.Count : 1L,
        });
    }

    /// <summary>The daily rollup's cells that match, weighed.</summary>
    private IQueryable<CountedFact> RolledUp(Selection selection, Measure measure, DatePeriod period) =>
        Weighed(Matching(db.DailyCounts.AsNoTracking().Select(d => new RollupCell
        {
            OccurredOn = d.OccurredOn,
            CountryCode = d.CountryCode,
            Admin1 = d.Admin1,
            IncidentType = d.IncidentType,
            Category = VictimCategory.Unspecified,
            Incidents = d.Incidents,
            Victims = d.Victims,
        }), selection, period), measure);

    /// <summary>The category rollup's cells that match, weighed by the incidents or victims of each cell's category.</summary>
    private IQueryable<CountedFact> RolledUpByCategory(Selection selection, Measure measure, DatePeriod period)
    {
        var cells = Matching(db.DailyVictimCounts.AsNoTracking().Select(d => new RollupCell
        {
            OccurredOn = d.OccurredOn,
            CountryCode = d.CountryCode,
            Admin1 = d.Admin1,
            IncidentType = d.IncidentType,
            Category = d.Category,
            Incidents = d.Incidents,
            Victims = d.Victims,
        }), selection, period);
        if (selection.VictimCategories.Count > 0)
        {
            var categories = selection.VictimCategories.ToArray();
            cells = cells.Where(c => categories.Contains(c.Category));
        }

        return Weighed(cells, measure);
    }

    /// <summary>Either rollup's cells in the period and places and types selected.</summary>
    private static IQueryable<RollupCell> Matching(IQueryable<RollupCell> cells, Selection selection, DatePeriod period)
    {
        var (start, end) = (period.Start, period.End);
        cells = cells.Where(c => c.OccurredOn >= start && c.OccurredOn <= end);
        if (selection.Countries.Count > 0)
        {
            var countries = selection.Countries.ToArray();
            cells = cells.Where(c => countries.Contains(c.CountryCode));
        }

        if (selection.Admin1.Count > 0)
        {
            var admin1 = selection.Admin1.ToArray();
            cells = cells.Where(c => admin1.Contains(c.Admin1));
        }

        if (selection.IncidentTypes.Count > 0)
        {
            var types = selection.IncidentTypes.ToArray();
            cells = cells.Where(c => types.Contains(c.IncidentType));
        }

        return cells;
    }

    /// <summary>
    /// Cells as counted facts, weighted by their incidents or victims (cells at zero left out, as an empty group is). Two
    /// projections rather than a weight chosen by a parameter: each reads one column of the cell.
    /// </summary>
    private static IQueryable<CountedFact> Weighed(IQueryable<RollupCell> cells, Measure measure) => measure == Measure.Victims
        ? cells.Where(c => c.Victims > 0).Select(c => new CountedFact
        {
            Date = c.OccurredOn,
            CountryCode = c.CountryCode,
            Admin1 = c.Admin1 == DailyCount.NoAdmin1 ? null : c.Admin1,
            IncidentType = c.IncidentType,
            Category = c.Category,
            Weight = c.Victims,
        })
        : cells.Where(c => c.Incidents > 0).Select(c => new CountedFact
        {
            Date = c.OccurredOn,
            CountryCode = c.CountryCode,
            Admin1 = c.Admin1 == DailyCount.NoAdmin1 ? null : c.Admin1,
            IncidentType = c.IncidentType,
            Category = c.Category,
            Weight = (long)c.Incidents,
        });

    /// <summary>Every incident at its latest version: the projection's own tables, as fast as a count can be.</summary>
    private (IQueryable<IncidentRow>, IQueryable<VictimRow>) KnownNow() => (
        db.Incidents.AsNoTracking().Where(i => !i.Retracted).Select(i => new IncidentRow
        {
            Key = i.Id,
            OccurredOn = i.OccurredOn,
            CountryCode = i.CountryCode,
            Admin1 = i.Admin1,
            Admin2 = i.Admin2,
            IncidentType = i.IncidentType,
            PerpetratorKey = i.PerpetratorKey,
            VictimCount = i.VictimCount,
        }),
        db.Victims.AsNoTracking().Select(v => new VictimRow { Key = v.IncidentId, Category = v.Category, Count = v.Count }));

    /// <summary>Every incident at the version the registry had at <paramref name="instant"/>: known by then, not yet superseded.</summary>
    private (IQueryable<IncidentRow>, IQueryable<VictimRow>) KnownAt(DateTime instant) => (
        db.KnownVersions.AsNoTracking()
            .Where(v => !v.Retracted && v.KnownFrom <= instant && (v.KnownUntil == null || v.KnownUntil > instant))
            .Select(v => new IncidentRow
            {
                Key = v.Id,
                OccurredOn = v.OccurredOn,
                CountryCode = v.CountryCode,
                Admin1 = v.Admin1,
                Admin2 = v.Admin2,
                IncidentType = v.IncidentType,
                PerpetratorKey = v.PerpetratorKey,
                VictimCount = v.Victims.Where(x => x.Count > 0).Sum(x => x.Count),
            }),
        db.KnownVersionVictims.AsNoTracking().Select(v => new VictimRow { Key = v.VersionId, Category = v.Category, Count = v.Count }));

    private static IQueryable<IncidentRow> Matching(IQueryable<IncidentRow> incidents, Selection selection, DatePeriod period)
    {
        var (start, end) = (period.Start, period.End);
        incidents = incidents.Where(i => i.OccurredOn >= start && i.OccurredOn <= end);
        if (selection.Countries.Count > 0)
        {
            var countries = selection.Countries.ToArray();
            incidents = incidents.Where(i => countries.Contains(i.CountryCode));
        }

        if (selection.Admin1.Count > 0)
        {
            var admin1 = selection.Admin1.ToArray();
            incidents = incidents.Where(i => admin1.Contains(i.Admin1!));
        }

        if (selection.Admin2.Count > 0)
        {
            var admin2 = selection.Admin2Covered.ToArray();
            incidents = incidents.Where(i => admin2.Contains(i.Admin2!));
        }

        if (selection.IncidentTypes.Count > 0)
        {
            var types = selection.IncidentTypes.ToArray();
            incidents = incidents.Where(i => types.Contains(i.IncidentType));
        }

        if (selection.Perpetrators.Count > 0)
        {
            var perpetrators = selection.Perpetrators.ToArray();
            incidents = incidents.Where(i => perpetrators.Contains(i.PerpetratorKey));
        }

        return incidents;
    }

    /// <summary>An incident (at one version) as counted, whichever table it comes from (a query shape, never stored).</summary>
    private sealed class IncidentRow
    {
        public Guid Key { get; init; }
        public DateOnly OccurredOn { get; init; }
        public string CountryCode { get; init; } = "";
        public string? Admin1 { get; init; }
        public string? Admin2 { get; init; }
        public IncidentType IncidentType { get; init; }
        public string PerpetratorKey { get; init; } = "";
        public int VictimCount { get; init; }
    }

    /// <summary>A cell of either daily rollup; the plain rollup's have no category (a query shape, never stored).</summary>
    private sealed class RollupCell
    {
        public DateOnly OccurredOn { get; init; }
        public string CountryCode { get; init; } = "";
        public string Admin1 { get; init; } = "";
        public IncidentType IncidentType { get; init; }
        public VictimCategory Category { get; init; }
        public int Incidents { get; init; }
        public long Victims { get; init; }
    }

    /// <summary>Victims of one category of the incident row with the same key (a query shape, never stored).</summary>
    private sealed class VictimRow
    {
        public Guid Key { get; init; }
        public VictimCategory Category { get; init; }
        public int Count { get; init; }
    }

    /// <summary>One counted row before grouping (a query shape, never stored).</summary>
    private sealed class CountedFact
    {
        public DateOnly Date { get; init; }
        public string CountryCode { get; init; } = "";
        public string? Admin1 { get; init; }
        public string? Admin2 { get; init; }
        public IncidentType IncidentType { get; init; }
        public string PerpetratorKey { get; init; } = "";
        public VictimCategory Category { get; init; }
        public long Weight { get; init; }
    }

    private sealed class Keyed<TKey>
    {
        public DateOnly Date { get; init; }
        public TKey Key { get; init; } = default!;
        public long Weight { get; init; }
    }
}

/// <summary>A count on one day for one group.</summary>
public readonly record struct KeyedCount(DateOnly Date, string Key, long Value);

/// <summary>A total for one department (Admin2 null) or municipality.</summary>
public sealed record PlaceCount(string CountryCode, string? Admin1, string? Admin2, long Value);
