using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Statistics.Data;

namespace Vigia.Statistics.Projection;

/// <summary>
/// Keeps every incident at its latest version. A snapshot is applied only when its version is
/// newer than the stored one, so duplicates and late, older versions change nothing; an amended
/// snapshot moves the incident's counts, a retracted one removes them.
/// </summary>
public sealed class IncidentProjection(StatisticsDbContext db, TimeProvider time)
{
    /// <summary>
    /// Applies a batch to the tracked state of <paramref name="db"/> (the caller saves) and returns
    /// every change applied, with the version it replaced. One query loads all the stored versions.
    /// </summary>
    public async Task<IReadOnlyList<SeriesChange>> ApplyAsync(IReadOnlyList<IncidentSnapshot> snapshots, CancellationToken ct)
    {
        // A batch may carry several versions of one incident: only its newest can matter.
        var newest = snapshots
            .GroupBy(s => s.IncidentId)
            .Select(g => g.MaxBy(s => s.Version)!)
            .ToList();
        if (newest.Count == 0)
        {
            return [];
        }

        var ids = newest.Select(s => s.IncidentId).ToList();
        var stored = await db.Incidents
            .Include(i => i.Victims)
            .Where(i => ids.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, ct);

        var now = time.GetUtcNow().UtcDateTime;
        var changes = new List<SeriesChange>();
        foreach (var snapshot in newest)
        {
            if (!stored.TryGetValue(snapshot.IncidentId, out var incident))
            {
                db.Incidents.Add(CountedIncident.From(snapshot, now));
                changes.Add(new SeriesChange { Previous = null, Current = snapshot });
                continue;
            }

            if (snapshot.Version <= incident.Version)
            {
                continue;
            }

            var previous = incident.ToSnapshot();
            incident.Apply(snapshot, now);
            changes.Add(new SeriesChange { Previous = previous, Current = snapshot });
        }

        return changes;
    }
}
