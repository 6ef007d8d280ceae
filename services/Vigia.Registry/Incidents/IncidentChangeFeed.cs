using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Selectors;
using Vigia.Registry.Data;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Incidents;

/// <summary>
/// The change stream: every version after a sequence number, in sequence order, then live ones as
/// they commit. Sequence order is commit order because writers append versions in turn (RegistryDbContext.BeginWriteAsync,
/// TakeSequenceTurnAsync).
/// </summary>
public sealed class IncidentChangeFeed(RegistryDbContext db, CommitSignal<RegistryDbContext> committed)
{
    private const int BatchSize = 500;

    // Catches changes committed by other replicas, which the in-process signal does not see.
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(250);

    public async IAsyncEnumerable<IncidentChange> WatchAsync(
        long fromSequence, Selection selection, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var rows in SequenceLoop.FollowAsync(committed, fromSequence, ReadAfterAsync, v => v.Sequence, BatchSize, s_pollInterval, ct))
        {
            foreach (var row in rows)
            {
                var incident = row.ReadSnapshot();
                if (selection.Matches(incident.ToSnapshot()) || await LeftSelectionAsync(row, selection, ct))
                {
                    yield return new IncidentChange(row.Sequence, row.Kind, incident, row.ChangedAt);
                }
            }
        }
    }

    private async Task<IReadOnlyList<IncidentVersion>> ReadAfterAsync(long after, CancellationToken ct) =>
        await db.IncidentVersions.AsNoTracking()
            .Where(v => v.Sequence > after)
            .OrderBy(v => v.Sequence)
            .Take(BatchSize)
            .ToListAsync(ct);

    // An amendment, a source's correction or a split that moves an incident out of the selection is news to the watcher
    // that counted it.
    private async Task<bool> LeftSelectionAsync(IncidentVersion row, Selection selection, CancellationToken ct)
    {
        if (row.Kind is not (ChangeKind.Amended or ChangeKind.Corrected or ChangeKind.Split) || ReferenceEquals(selection, Selection.All))
        {
            return false;
        }

        var previous = await db.IncidentVersions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.IncidentId == row.IncidentId && v.Version == row.Version - 1, ct);
        return previous is not null && selection.Matches(previous.ReadSnapshot().ToSnapshot());
    }
}

public sealed record IncidentChange(long Sequence, ChangeKind Kind, Incident Incident, DateTime ChangedAt);
