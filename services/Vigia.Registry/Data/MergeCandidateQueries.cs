using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.Registry.Incidents;
using Vigia.ServiceDefaults.Persistence;
using IncidentState = Vigia.Registry.V1.IncidentState;

namespace Vigia.Registry.Data;

/// <summary>What a batch of reports needs from the database before merging, in a few queries for the whole batch.</summary>
public static class MergeCandidateQueries
{
    /// <summary>(source, source record id) → incident, for the batch's reports already recorded.</summary>
    public static Task<Dictionary<(string Source, string SourceRecordId), Guid>> FindRecordedAsync(
        this RegistryDbContext db, IReadOnlyList<AcceptedReport> reports, CancellationToken ct) =>
        db.FindRecordedAsync([.. reports.Select(r => (r.Source, r.SourceRecordId))], ct);

    /// <summary>(source, source record id) → incident, for the keys already recorded.</summary>
    public static async Task<Dictionary<(string Source, string SourceRecordId), Guid>> FindRecordedAsync(
        this RegistryDbContext db, IReadOnlyList<(string Source, string SourceRecordId)> keys, CancellationToken ct)
    {
        // Each (source, record id) sought through its unique index, all in one statement whatever their number.
        var unique = keys.Distinct().ToList();
        if (unique.Count == 0)
        {
            return [];
        }

        var rows = await db.IncidentSources.WithKeys(
                (nameof(IncidentSource.Source), unique.Select(k => k.Source).ToArray()),
                (nameof(IncidentSource.SourceRecordId), unique.Select(k => k.SourceRecordId).ToArray()))
            .AsNoTracking()
            .Select(s => new { s.Source, s.SourceRecordId, s.IncidentId })
            .ToListAsync(ct);
        return rows.ToDictionary(row => (row.Source, row.SourceRecordId), row => row.IncidentId);
    }

    /// <summary>Incidents by id, with their sources, tracked (corrections, withdrawals and splits change them in place).</summary>
    public static async Task<List<Incident>> LoadIncidentsAsync(this RegistryDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : await db.Incidents.WithKeys((nameof(Incident.Id), ids.Distinct().ToArray())).Include(i => i.Sources).AsSplitQuery().ToListAsync(ct);

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
        // records for every batch. One query per source, its exclusion checked through the (incident, source) index
        // on both databases.
        var candidates = new Dictionary<Guid, Incident>();
        foreach (var fromSource in reports.GroupBy(r => r.Source))
        {
            var (sql, parameters) = CandidateQuery(db, fromSource.Key, Windows(fromSource));
            foreach (var incident in await db.Incidents.FromSqlRaw(sql, parameters).ToListAsync(ct))
            {
                candidates.TryAdd(incident.Id, incident);
            }
        }

        // The sources by incident id (the change tracker fills each candidate's Sources): an Include would run the
        // window join a second time as the split query's subquery.
        if (candidates.Count > 0)
        {
            await db.IncidentSources.WithKeys((nameof(IncidentSource.IncidentId), candidates.Keys.ToArray())).LoadAsync(ct);
        }

        return [.. candidates.Values];
    }

    /// <summary>
    /// Every window of the batch goes in as a table-valued parameter (<see cref="ModelSql.Rows"/>, one for the day
    /// windows, one for the coarse ones) joined to the (country, department, type, date) indexes: one statement per
    /// source whatever the batch holds. Fifty OR-ed windows per statement took 38 statements for a bulk batch of 500
    /// reports spread over a year (183 ms of PostgreSQL's time per batch in the load tool). A department stored as NULL
    /// is matched in branches of its own, as the merge rule treats a missing department as a place of its own and an
    /// equality on NULL matches nothing.
    /// </summary>
    private static (string Sql, object[] Parameters) CandidateQuery(RegistryDbContext db, string source, IReadOnlyList<CandidateWindow> windows)
    {
        var sql = new ModelSql(db);
        var incidentTable = sql.Table<Incident>();
        var sourceTable = sql.Table<IncidentSource>();
        string Column(string property) => sql.Column<Incident>(property);

        var parameters = new List<DbParameter>
        {
            sql.Parameter("source", source),
            sql.Parameter("active", (int)IncidentState.Active),
        };
        string WindowTable(string name, bool coarseOnly)
        {
            var selected = windows.Where(w => w.CoarseOnly == coarseOnly).ToList();
            return sql.Rows(name, parameters,
                ("country", selected.Select(w => w.Country).ToArray()),
                ("admin1", selected.Select(w => w.Admin1).ToArray()),
                ("type", selected.Select(w => (int)w.Type).ToArray()),
                ("from_day", selected.Select(w => w.From).ToArray()),
                ("to_day", selected.Select(w => w.To).ToArray()));
        }

        // A coarse window (a report's whole month) reaches only the incidents known to the week or month, a few in a
        // store of day-precise ones: the precision is written as a constant, which the planners need to read them from
        // the partial index of those incidents (RegistryDbContext.CoarseDatesIndex) instead of going through every
        // incident of the department's month and type. Through the full index the windows read about twelve incidents
        // each and kept about one (PostgreSQL, 100,000 reports over eleven years), the more the fuller a department's
        // months.
        string Window(string alias, string department, bool coarseOnly) => $"""
            c.{Column(nameof(Incident.CountryCode))} = {alias}.country AND {department}
                AND c.{Column(nameof(Incident.IncidentType))} = {alias}.type
                AND c.{Column(nameof(Incident.OccurredOn))} >= {alias}.from_day AND c.{Column(nameof(Incident.OccurredOn))} <= {alias}.to_day
            """ + (coarseOnly ? $"\n    AND {RegistryDbContext.CoarseDates}" : "");

        // Active, and not fed by the report's own source, checked through the (incident, source) index. On PostgreSQL the
        // check reads the incident's few source names and compares them, with no condition on the source in the
        // subquery: given one, a planner whose statistics were taken before the source filled the table (a back-fill into
        // a new store) chose the (source, record id) index instead and read every row of the source for each candidate
        // (26 of 42 ms a batch at 20,000 incidents).
        // An incident fed by one source names it on its row (Incident.SoleSource): the row alone answers, and only an
        // incident of several sources, or one stored before the column, is looked up in its sources.
        var sourceName = sql.Column<IncidentSource>(nameof(IncidentSource.Source));
        var candidateSources = $"FROM {sourceTable} AS s WHERE s.{sql.Column<IncidentSource>(nameof(IncidentSource.IncidentId))} = c.{Column(nameof(Incident.Id))}";
        var inSources = sql.IsPostgres
            ? $"@source <> ALL (ARRAY(SELECT s.{sourceName} {candidateSources}))"
            : $"NOT EXISTS (SELECT 1 {candidateSources} AND s.{sourceName} = @source)";
        // A null name compares to null, so COALESCE goes on to the sources (both databases evaluate it lazily).
        var notFedBySource = $"COALESCE(c.{Column(nameof(Incident.SoleSource))} <> @source, {inSources})";
        var eligible = $"c.{Column(nameof(Incident.State))} = @active AND {notFedBySource}";

        // PostgreSQL: each window looks its incidents up in the place-type-date index (a lateral subquery, kept apart
        // from the outer query by OFFSET 0). Left to plan the join itself, it guessed one matching row, sorted the whole
        // table for a merge join and took 0.3-1.5 s a batch at 450,000 incidents (23 ms this way on a table of that
        // shape): the registry recorded under 300 reports/s in a 1,000,000-report stream. The source check sits inside
        // the lateral subquery too, so it runs on each window's few incidents: outside, when the planner expected many
        // candidates, it hashed every incident the source ever fed instead (40 ms a batch at 80,000 incidents, and
        // growing with them). SQLite has no LATERAL and joins window by window through the index.
        string Branch(string windowTable, string alias, string department, bool coarseOnly) => sql.IsPostgres
            ? $"""
                SELECT c.* FROM {windowTable}
                CROSS JOIN LATERAL (SELECT * FROM {incidentTable} AS c WHERE {Window(alias, department, coarseOnly)}
                    AND {eligible} OFFSET 0) AS c
                """
            : $"""
                SELECT c.* FROM {windowTable}
                JOIN {incidentTable} AS c ON {Window(alias, department, coarseOnly)}
                WHERE {eligible}
                """;
        var admin1 = Column(nameof(Incident.Admin1));
        var branches = new List<string>();
        foreach (var (name, coarseOnly) in new[] { ("w", false), ("cw", true) })
        {
            var table = WindowTable(name, coarseOnly);
            branches.Add(Branch(table, name, $"c.{admin1} = {name}.admin1", coarseOnly));
            branches.Add(Branch(table, name, $"c.{admin1} IS NULL AND {name}.admin1 IS NULL", coarseOnly));
        }

        return (string.Join("\nUNION\n", branches), [.. parameters]);
    }

    private static List<CandidateWindow> Windows(IEnumerable<AcceptedReport> reports)
    {
        var windows = new List<CandidateWindow>();
        foreach (var place in reports.GroupBy(r => (Country: SelectorValues.PlaceCode(r.CountryCode)!, Admin1: SelectorValues.PlaceCode(r.Admin1), r.IncidentType)))
        {
            var (country, admin1, type) = place.Key;
            windows.AddRange(Join(place.Select(r => ReportWindow(r.OccurredOn, r.DatePrecision)))
                .Select(range => new CandidateWindow(country, admin1, type, range.From, range.To, CoarseOnly: false)));
            windows.AddRange(Join(place.Select(r => CoarseWindow(r.OccurredOn)))
                .Select(range => new CandidateWindow(country, admin1, type, range.From, range.To, CoarseOnly: true)));
        }

        return windows;
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

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    // A place, a type and a date range; coarse-only windows reach incidents known only to the week or month.
    private sealed record CandidateWindow(string Country, string? Admin1, IncidentType Type, DateOnly From, DateOnly To, bool CoarseOnly);
}
