using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Selectors;
using Vigia.Registry.Data;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Registry.Incidents;

/// <summary>Reads incidents: one, a page of a period, and every version of one.</summary>
public sealed class IncidentQueries(RegistryDbContext db)
{
    public async Task<Incident> GetAsync(Guid id, CancellationToken ct) =>
        await db.Incidents.AsNoTracking().Include(i => i.Sources).AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, ct)
        ?? throw new NotFoundException("incident", id.ToString());

    /// <summary>
    /// Incidents in the period that match, ordered by date then id, from after <see cref="IncidentListQuery.After"/>;
    /// with <see cref="IncidentListQuery.AsOf"/>, each incident as it stood at that instant.
    /// </summary>
    public async Task<IncidentPage> ListAsync(IncidentListQuery query, CancellationToken ct)
    {
        if (query.AsOf is { } asOf)
        {
            return await ListAsOfAsync(query, asOf, ct);
        }

        return Page(await FirstRowsAsync(db.Incidents.AsNoTracking(), query, ct), query.PageSize);
    }

    /// <summary>
    /// An incident not changed since <paramref name="asOf"/> stands as it stood then, so the incidents table answers
    /// for it; only those created before and changed since are read from their history, at their last version
    /// recorded by then. The default query does not pay for this, and an as-of query pays only for what changed.
    /// </summary>
    private async Task<IncidentPage> ListAsOfAsync(IncidentListQuery query, DateTime asOf, CancellationToken ct)
    {
        var unchanged = await FirstRowsAsync(db.Incidents.AsNoTracking().Where(i => i.UpdatedAt <= asOf), query, ct);

        var changedSince = db.Incidents.Where(i => i.CreatedAt <= asOf && i.UpdatedAt > asOf).Select(i => i.Id);
        var versions = await db.IncidentVersions.AsNoTracking()
            .Where(v => changedSince.Contains(v.IncidentId) && v.ChangedAt <= asOf)
            .ToListAsync(ct);
        var earlier = versions
            .GroupBy(v => v.IncidentId)
            .Select(g => g.MaxBy(v => v.Version)!.ReadSnapshot())
            .Where(i => i.OccurredOn >= query.StartDate && i.OccurredOn <= query.EndDate)
            .Where(i => query.IncludeRetracted || i.IsActive)
            .Where(i => query.Selection.Matches(i.ToSnapshot()))
            .Where(i => query.Source is not { } source || i.Sources.Any(s => s.Source == source))
            .Where(i => query.After is not { } after || i.OccurredOn > after.OccurredOn || (i.OccurredOn == after.OccurredOn && i.Id.CompareTo(after.IncidentId) > 0));

        var rows = unchanged.Concat(earlier).OrderBy(i => i.OccurredOn).ThenBy(i => i.Id).Take(query.PageSize + 1).ToList();
        return Page(rows, query.PageSize);
    }

    /// <summary>The first page and one more of <paramref name="incidents"/> that match the query, in list order.</summary>
    private static Task<List<Incident>> FirstRowsAsync(IQueryable<Incident> incidents, IncidentListQuery query, CancellationToken ct)
    {
        var (start, end) = (query.StartDate, query.EndDate);
        incidents = incidents.Where(i => i.OccurredOn >= start && i.OccurredOn <= end);
        if (!query.IncludeRetracted)
        {
            incidents = incidents.Where(i => i.State == IncidentState.Active);
        }

        incidents = incidents.Where(query.Selection);
        if (query.Source is { } source)
        {
            incidents = incidents.Where(i => i.Sources.Any(s => s.Source == source));
        }

        if (query.After is { } after)
        {
            var (date, id) = (after.OccurredOn, after.IncidentId);
            incidents = incidents.Where(i => i.OccurredOn > date || (i.OccurredOn == date && i.Id.CompareTo(id) > 0));
        }

        // One statement: the page's incidents joined to their victims and sources. Split, each of the three
        // statements ran the page's filter and ordering again and paid its own round trip; an incident has a
        // victim row per category and a source per report, so the joined rows stay a few per incident.
        return incidents
            .OrderBy(i => i.OccurredOn).ThenBy(i => i.Id)
            .Take(query.PageSize + 1)
            .Include(i => i.Sources)
            .AsSingleQuery()
            .ToListAsync(ct);
    }

    private static IncidentPage Page(List<Incident> rows, int pageSize)
    {
        var next = rows.Count > pageSize ? new IncidentPosition(rows[pageSize - 1].OccurredOn, rows[pageSize - 1].Id) : null;
        return new IncidentPage([.. rows.Take(pageSize)], next);
    }

    public async Task<List<IncidentVersion>> HistoryAsync(Guid id, CancellationToken ct)
    {
        var versions = await db.IncidentVersions.AsNoTracking().Where(v => v.IncidentId == id).OrderBy(v => v.Version).ToListAsync(ct);
        return versions.Count > 0 ? versions : throw new NotFoundException("incident", id.ToString());
    }
}

public sealed record IncidentListQuery
{
    public required DateOnly StartDate { get; init; }
    public required DateOnly EndDate { get; init; }
    public Selection Selection { get; init; } = Selection.All;
    public string? Source { get; init; }
    public bool IncludeRetracted { get; init; }
    public required int PageSize { get; init; }
    public IncidentPosition? After { get; init; }

    /// <summary>The instant to answer as of (UTC); null is "as the registry knows it now".</summary>
    public DateTime? AsOf { get; init; }
}

/// <summary>Where a page ended, in list order: the keyset the next page starts after.</summary>
public sealed record IncidentPosition(DateOnly OccurredOn, Guid IncidentId);

public sealed record IncidentPage(IReadOnlyList<Incident> Incidents, IncidentPosition? Next);
