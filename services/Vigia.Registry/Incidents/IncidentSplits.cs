using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Registry.Data;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Grpc;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Registry.Incidents;

/// <summary>
/// Undoing a wrong merge: chosen reports leave an incident for a new one, and each side's figures are recomputed from the
/// reports it keeps. Both get a SPLIT version, one IncidentsChanged carries both (so statistics re-counts), and
/// ReportsRecorded tells ingestion where the moved reports now are; all in one transaction.
/// </summary>
public sealed class IncidentSplits(RegistryDbContext db, TimeProvider time)
{
    public async Task<(Incident Kept, Incident Split)> SplitAsync(
        Guid id, IReadOnlyList<Guid> reportIds, long expectedVersion, string reason, string changedBy, CancellationToken ct)
    {
        await using var transaction = await db.BeginWriteAsync(ct);
        var incident = await db.Incidents.Include(i => i.Sources).AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new NotFoundException("incident", id.ToString());
        if (expectedVersion != 0 && incident.Version != expectedVersion)
        {
            throw new StaleVersionException($"incidents/{id}", expectedVersion, incident.Version);
        }

        var moving = CheckMoves(incident, reportIds);
        var now = time.GetUtcNow().UtcDateTime;
        var split = new Incident { Id = RowIds.Next(), State = IncidentState.Active, CreatedAt = now, UpdatedAt = now };
        db.Incidents.Add(split);
        foreach (var source in moving)
        {
            incident.Sources.Remove(source);
            source.LinkReason = LinkReason.Split;
            source.MergeReason = $"split from incident {id} by {changedBy}: {reason}";
            split.Sources.Add(source);
        }

        ReportMerger.Recompute(incident);
        ReportMerger.Recompute(split);
        var moved = string.Join(", ", moving.Select(s => $"{s.Source}/{s.SourceRecordId}"));
        db.IncidentVersions.Add(incident.RecordChange(ChangeKind.Split, changedBy, $"{reason} (moved {moved} to incident {split.Id})", now));
        db.IncidentVersions.Add(split.RecordChange(ChangeKind.Split, changedBy, $"{reason} (split from incident {id}: {moved})", now));
        db.AddOutboxMessage(new IncidentsChanged { BatchId = RowIds.Next(), Incidents = [incident.ToSnapshot(), split.ToSnapshot()] });
        db.AddOutboxMessage(new ReportsRecorded
        {
            Reports = [.. moving.Select(s => new RecordedReport { ReportId = s.ReportId, IncidentId = split.Id })],
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (incident, split);
    }

    /// <summary>The sources to move; every report id that is not one of the incident's counted reports is a violation.</summary>
    private static List<IncidentSource> CheckMoves(Incident incident, IReadOnlyList<Guid> reportIds)
    {
        var violations = new FieldViolations();
        if (!incident.IsActive)
        {
            violations.Add("incident_id", $"incident {incident.Id} is retracted; only an active incident can be split");
        }

        var moving = new List<IncidentSource>();
        for (var i = 0; i < reportIds.Count; i++)
        {
            var source = incident.Sources.Find(s => s.ReportId == reportIds[i]);
            if (source is null)
            {
                violations.Add($"report_ids[{i}]", $"report {reportIds[i]} does not feed incident {incident.Id}");
            }
            else if (!source.Counts)
            {
                violations.Add($"report_ids[{i}]", $"report {reportIds[i]} was withdrawn by its source; it no longer counts anywhere");
            }
            else if (!moving.Contains(source))
            {
                moving.Add(source);
            }
        }

        if (violations.IsEmpty && !incident.Sources.Any(s => s.Counts && !moving.Contains(s)))
        {
            violations.Add("report_ids", "would move every report of the incident; at least one must stay");
        }

        violations.ThrowIfAny();
        return moving;
    }
}
