using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vigia.Contracts.Messages;
using Vigia.Registry.Data;
using Vigia.Registry.Grpc;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Grpc;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Registry.Incidents;

/// <summary>
/// Corrections by people: amending fields and retracting. Each is a new version, checked against
/// the version the caller read, and announced with IncidentsChanged in the same transaction.
/// </summary>
public sealed class IncidentAmendments(
    RegistryDbContext db, PlaceResolver places, TimeProvider time)
{
    public async Task<Incident> AmendAsync(
        Guid id, AmendedFields fields, Incident values, long expectedVersion, string reason, string changedBy, CancellationToken ct)
    {
        await using var transaction = await db.BeginWriteAsync(ct);
        var incident = await LoadAsync(id, ct);
        if (incident.Version != expectedVersion)
        {
            throw new StaleVersionException($"incidents/{id}", expectedVersion, incident.Version);
        }

        incident.Amend(fields, values);
        if ((fields & AmendedFields.Place) != 0)
        {
            places.ResolvePlace(incident);
        }

        return await SaveAsync(incident, ChangeKind.Amended, changedBy, reason, transaction, ct);
    }

    /// <summary>Retracts the incident; <paramref name="expectedVersion"/> 0 skips the version check. Retracting twice changes nothing.</summary>
    public async Task<Incident> RetractAsync(Guid id, long expectedVersion, string reason, string changedBy, CancellationToken ct)
    {
        await using var transaction = await db.BeginWriteAsync(ct);
        var incident = await LoadAsync(id, ct);
        if (expectedVersion != 0 && incident.Version != expectedVersion)
        {
            throw new StaleVersionException($"incidents/{id}", expectedVersion, incident.Version);
        }

        if (!incident.IsActive)
        {
            return incident;
        }

        incident.Retract();
        return await SaveAsync(incident, ChangeKind.Retracted, changedBy, reason, transaction, ct);
    }

    private async Task<Incident> LoadAsync(Guid id, CancellationToken ct) =>
        await db.Incidents.Include(i => i.Sources).AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, ct)
        ?? throw new NotFoundException("incident", id.ToString());

    private async Task<Incident> SaveAsync(
        Incident incident, ChangeKind kind, string changedBy, string reason,
        IDbContextTransaction transaction, CancellationToken ct)
    {
        db.IncidentVersions.Add(incident.RecordChange(kind, changedBy, reason, time.GetUtcNow().UtcDateTime));
        db.AddOutboxMessage(new IncidentsChanged { BatchId = RowIds.Next(), Incidents = [incident.ToSnapshot()] });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return incident;
    }
}
