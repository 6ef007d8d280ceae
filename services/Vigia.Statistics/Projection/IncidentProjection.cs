using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics.Data;

namespace Vigia.Statistics.Projection;

/// <summary>
/// Keeps every incident at its latest version. A snapshot is applied only when its version is
/// newer than the stored one, so duplicates and late, older versions change nothing; an amended
/// snapshot moves the incident's counts, a retracted one removes them. Beside it, every version is
/// kept with when it was known (<see cref="KnownVersion"/>), for queries as of a past instant, and the daily rollups of
/// the counts (<see cref="DailyCounts"/>) move with every change.
/// </summary>
public sealed class IncidentProjection(StatisticsDbContext db, TimeProvider time)
{
    /// <summary>
    /// Applies a batch inside the caller's transaction and returns every change applied, with the version it replaced.
    /// One query loads the stored incidents and one their versions; new incidents and versions are bulk-inserted
    /// (untracked), stored ones change in the tracked state of <paramref name="db"/> (the caller saves and commits).
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
        var stored = await db.Incidents.WithKeys((nameof(CountedIncident.Id), ids.ToArray()))
            .Include(i => i.Victims)
            .ToDictionaryAsync(i => i.Id, ct);

        var now = time.GetUtcNow().UtcDateTime;
        await RecordVersionsAsync(snapshots, ids, now, ct);
        var changes = new List<SeriesChange>();
        var created = new List<CountedIncident>();
        var daily = new DailyCounts();
        foreach (var snapshot in newest)
        {
            if (!stored.TryGetValue(snapshot.IncidentId, out var incident))
            {
                var added = CountedIncident.From(snapshot, now);
                created.Add(added);
                daily.Add(added);
                changes.Add(new SeriesChange { Previous = null, Current = snapshot });
                continue;
            }

            if (snapshot.Version <= incident.Version)
            {
                continue;
            }

            var previous = incident.ToSnapshot();
            daily.Remove(incident);
            incident.Apply(snapshot, now);
            daily.Add(incident);
            changes.Add(new SeriesChange { Previous = previous, Current = snapshot });
        }

        await db.BulkInsertAsync(created, ct);
        await db.BulkInsertAsync([.. created.SelectMany(i => i.Victims)], ct);
        await daily.SaveAsync(db, ct);
        return changes;
    }

    /// <summary>
    /// Adds each version not yet known (late ones too: an as_of query between two versions needs the older) and
    /// sets when each version of these incidents was superseded: when the registry recorded the next one.
    /// </summary>
    private async Task RecordVersionsAsync(IReadOnlyList<IncidentSnapshot> snapshots, List<Guid> ids, DateTime now, CancellationToken ct)
    {
        var versions = (await db.KnownVersions.WithKeys((nameof(KnownVersion.IncidentId), ids.ToArray())).ToListAsync(ct))
            .GroupBy(v => v.IncidentId)
            .ToDictionary(g => g.Key, g => g.ToList());
        var added = new List<KnownVersion>();
        foreach (var snapshot in snapshots)
        {
            if (!versions.TryGetValue(snapshot.IncidentId, out var known))
            {
                versions[snapshot.IncidentId] = known = [];
            }

            if (known.All(v => v.Version != snapshot.Version))
            {
                var version = KnownVersion.From(snapshot, now);
                added.Add(version);
                known.Add(version);
            }
        }

        foreach (var known in versions.Values)
        {
            known.Sort((a, b) => a.Version.CompareTo(b.Version));
            for (var i = 0; i < known.Count; i++)
            {
                var until = i + 1 < known.Count ? known[i + 1].KnownFrom : (DateTime?)null;
                if (known[i].KnownUntil != until)
                {
                    known[i].KnownUntil = until;
                }
            }
        }

        // Inserted once their KnownUntil is set: a version added here may already be superseded by a newer one.
        await db.BulkInsertAsync(added, ct);
        await db.BulkInsertAsync([.. added.SelectMany(v => v.Victims)], ct);
    }
}
