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

    /// <summary>Incidents in the period that match, ordered by date then id, from after <see cref="IncidentListQuery.After"/>.</summary>
    public async Task<IncidentPage> ListAsync(IncidentListQuery query, CancellationToken ct)
    {
        var (start, end) = (query.StartDate, query.EndDate);
        var incidents = db.Incidents.AsNoTracking().Where(i => i.OccurredOn >= start && i.OccurredOn <= end);
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

        var rows = await incidents
            .OrderBy(i => i.OccurredOn).ThenBy(i => i.Id)
            .Take(query.PageSize + 1)
            .Include(i => i.Sources)
            .AsSplitQuery()
            .ToListAsync(ct);
        var next = rows.Count > query.PageSize ? new IncidentPosition(rows[query.PageSize - 1].OccurredOn, rows[query.PageSize - 1].Id) : null;
        return new IncidentPage([.. rows.Take(query.PageSize)], next);
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
}

/// <summary>Where a page ended, in list order: the keyset the next page starts after.</summary>
public sealed record IncidentPosition(DateOnly OccurredOn, Guid IncidentId);

public sealed record IncidentPage(IReadOnlyList<Incident> Incidents, IncidentPosition? Next);
