using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.Registry.Incidents;
using IncidentState = Vigia.Registry.V1.IncidentState;

namespace Vigia.Registry.Data;

/// <summary>What a batch of reports needs from the database before merging, in a few queries for the whole batch.</summary>
public static class MergeCandidateQueries
{
    private const int ChunkSize = 500;

    // Each term is a place, a type and a date range; fifty keep a query's text and parameters small.
    private const int TermsPerQuery = 50;

    /// <summary>(source, source record id) → incident, for the batch's reports already recorded.</summary>
    public static Task<Dictionary<(string Source, string SourceRecordId), Guid>> FindRecordedAsync(
        this RegistryDbContext db, IReadOnlyList<AcceptedReport> reports, CancellationToken ct) =>
        db.FindRecordedAsync([.. reports.Select(r => (r.Source, r.SourceRecordId))], ct);

    /// <summary>(source, source record id) → incident, for the keys already recorded.</summary>
    public static async Task<Dictionary<(string Source, string SourceRecordId), Guid>> FindRecordedAsync(
        this RegistryDbContext db, IReadOnlyList<(string Source, string SourceRecordId)> keys, CancellationToken ct)
    {
        var recorded = new Dictionary<(string, string), Guid>();
        foreach (var chunk in keys.Chunk(ChunkSize))
        {
            var sources = chunk.Select(r => r.Source).Distinct().ToList();
            var recordIds = chunk.Select(r => r.SourceRecordId).Distinct().ToList();
            var rows = await db.IncidentSources.AsNoTracking()
                .Where(s => sources.Contains(s.Source) && recordIds.Contains(s.SourceRecordId))
                .Select(s => new { s.Source, s.SourceRecordId, s.IncidentId })
                .ToListAsync(ct);
            foreach (var row in rows.Where(row => chunk.Contains((row.Source, row.SourceRecordId))))
            {
                recorded[(row.Source, row.SourceRecordId)] = row.IncidentId;
            }
        }

        return recorded;
    }

    /// <summary>Incidents by id, with their sources, tracked (corrections, withdrawals and splits change them in place).</summary>
    public static async Task<List<Incident>> LoadIncidentsAsync(this RegistryDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var incidents = new List<Incident>();
        foreach (var chunk in ids.Distinct().Chunk(ChunkSize))
        {
            incidents.AddRange(await db.Incidents.Where(i => chunk.Contains(i.Id)).Include(i => i.Sources).AsSplitQuery().ToListAsync(ct));
        }

        return incidents;
    }

    /// <summary>
    /// Active incidents, tracked, that the batch's reports could merge into (<see cref="ReportMerger.BelongsTo"/> then
    /// decides): of the same country, department and type, and either within a day of a report's date, or of a coarser
    /// precision within its month or ISO week, or, for a report known only to the week or month, anywhere in that
    /// period; and not fed by the report's own source. Windows are kept per place and type, so a batch spread over a
    /// year reads the incidents near its reports, not the year.
    /// </summary>
    public static async Task<List<Incident>> LoadMergeCandidatesAsync(
        this RegistryDbContext db, IReadOnlyList<AcceptedReport> reports, CancellationToken ct)
    {
        // The merge rule never merges a report into an incident its own source fed, so each source's windows leave
        // those out in the query: a source back-filling a busy department-day does not load and track its own earlier
        // records for every batch. One query per source, its exclusion a single anti-join (a NOT EXISTS inside each
        // of the OR terms PostgreSQL evaluated row by row: 3.7 s on a 1,500-incident department-day, 2.7 ms this way),
        // sought through the (incident, source) index on both databases.
        var candidates = new Dictionary<Guid, Incident>();
        foreach (var fromSource in reports.GroupBy(r => r.Source))
        {
            var source = fromSource.Key;
            var notFedBySource = db.Incidents.Where(i => i.State == IncidentState.Active && !i.Sources.Any(s => s.Source == source));
            var (near, coarse) = Windows(fromSource);
            var queries = near.Chunk(TermsPerQuery).Select(chunk => notFedBySource.Where(WithinAny(chunk)))
                .Concat(coarse.Chunk(TermsPerQuery).Select(chunk => notFedBySource.Where(WithinAny(chunk)).Where(i => i.DatePrecision != DatePrecision.Day)));
            foreach (var query in queries)
            {
                foreach (var incident in await query.Include(i => i.Sources).AsSplitQuery().ToListAsync(ct))
                {
                    candidates.TryAdd(incident.Id, incident);
                }
            }
        }

        return [.. candidates.Values];
    }

    private static (List<CandidateWindow> Near, List<CandidateWindow> Coarse) Windows(IEnumerable<AcceptedReport> reports)
    {
        var near = new List<CandidateWindow>();
        var coarse = new List<CandidateWindow>();
        foreach (var place in reports.GroupBy(r => (Country: SelectorValues.PlaceCode(r.CountryCode)!, Admin1: SelectorValues.PlaceCode(r.Admin1), r.IncidentType)))
        {
            var (country, admin1, type) = place.Key;
            near.AddRange(Join(place.Select(r => ReportWindow(r.OccurredOn, r.DatePrecision)))
                .Select(range => new CandidateWindow(country, admin1, type, range.From, range.To)));
            coarse.AddRange(Join(place.Select(r => CoarseWindow(r.OccurredOn)))
                .Select(range => new CandidateWindow(country, admin1, type, range.From, range.To)));
        }

        return (near, coarse);
    }

    // Day-precise incidents merge only within a day; a report known to the week or month reaches its whole period.
    private static (DateOnly From, DateOnly To) ReportWindow(DateOnly date, DatePrecision precision) => precision switch
    {
        DatePrecision.Week => (ReportMerger.WeekStart(date), ReportMerger.WeekStart(date).AddDays(6)),
        DatePrecision.Month => CoarseWindow(date),
        _ => (date.AddDays(-1), date.AddDays(1)),
    };

    // Incidents known only to the week or month merge with any report of their week or month.
    private static (DateOnly From, DateOnly To) CoarseWindow(DateOnly date)
    {
        var monthStart = new DateOnly(date.Year, date.Month, 1);
        var weekStart = ReportMerger.WeekStart(date);
        return (Min(monthStart, weekStart), Max(monthStart.AddMonths(1).AddDays(-1), weekStart.AddDays(6)));
    }

    private static List<(DateOnly From, DateOnly To)> Join(IEnumerable<(DateOnly From, DateOnly To)> windows)
    {
        var ranges = new List<(DateOnly From, DateOnly To)>();
        foreach (var (from, to) in windows.Distinct().OrderBy(w => w.From))
        {
            if (ranges.Count > 0 && from <= ranges[^1].To.AddDays(1))
            {
                ranges[^1] = (ranges[^1].From, Max(ranges[^1].To, to));
            }
            else
            {
                ranges.Add((from, to));
            }
        }

        return ranges;
    }

    /// <summary>
    /// OR of exactly <see cref="TermsPerQuery"/> terms of one shape, every value a parameter (unused terms match
    /// nothing), so EF Core compiles the query once rather than for every batch.
    /// </summary>
    private static Expression<Func<Incident, bool>> WithinAny(IReadOnlyList<CandidateWindow> windows)
    {
        var incident = Expression.Parameter(typeof(Incident), "i");
        Expression? any = null;
        for (var k = 0; k < TermsPerQuery; k++)
        {
            var window = Expression.Constant(k < windows.Count ? windows[k] : CandidateWindow.Nothing);
            Expression Field(string name) => Expression.Property(window, name);
            Expression Column(string name) => Expression.Property(incident, name);
            Expression term = Expression.Equal(Column(nameof(Incident.CountryCode)), Field(nameof(CandidateWindow.Country)));
            term = Expression.AndAlso(term, Expression.Equal(Column(nameof(Incident.Admin1)), Field(nameof(CandidateWindow.Admin1))));
            term = Expression.AndAlso(term, Expression.Equal(Column(nameof(Incident.IncidentType)), Field(nameof(CandidateWindow.Type))));
            term = Expression.AndAlso(term, Expression.GreaterThanOrEqual(Column(nameof(Incident.OccurredOn)), Field(nameof(CandidateWindow.From))));
            term = Expression.AndAlso(term, Expression.LessThanOrEqual(Column(nameof(Incident.OccurredOn)), Field(nameof(CandidateWindow.To))));
            any = any is null ? term : Expression.OrElse(any, term);
        }

        return Expression.Lambda<Func<Incident, bool>>(any!, incident);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    // Read by EF Core as parameters (a member of a constant object, like a lambda's captured variable). A null
    // department compares as IS NULL: the merge rule treats a missing department as a place of its own.
    private sealed record CandidateWindow(string Country, string? Admin1, IncidentType Type, DateOnly From, DateOnly To)
    {
        public static readonly CandidateWindow Nothing = new("", null, IncidentType.Unspecified, DateOnly.MaxValue, DateOnly.MinValue);
    }
}
