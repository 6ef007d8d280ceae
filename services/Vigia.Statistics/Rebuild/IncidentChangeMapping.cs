using Vigia.Contracts.Messages;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Statistics.Rebuild;

/// <summary>A change of the registry's feed as the snapshot statistics counts, as the registry's IncidentsChanged carries it.</summary>
public static class IncidentChangeMapping
{
    public static IncidentSnapshot ToSnapshot(this IncidentChange change)
    {
        var incident = change.Incident;
        return new IncidentSnapshot
        {
            IncidentId = Guid.Parse(incident.IncidentId),
            Version = incident.Version,
            OccurredOn = ProtoDates.ToDateOnly(incident.OccurredOn),
            DatePrecision = incident.DatePrecision,
            CountryCode = incident.Place.CountryCode,
            Admin1 = incident.Place.Admin1 is { Length: > 0 } admin1 ? admin1 : null,
            Admin2 = incident.Place.Admin2 is { Length: > 0 } admin2 ? admin2 : null,
            IncidentType = incident.IncidentType,
            Victims = [.. incident.Victims.Where(v => v.Count > 0).OrderBy(v => v.Category).Select(v => new VictimCount { Category = v.Category, Count = v.Count })],
            Perpetrator = incident.Perpetrator,
            Retracted = incident.State == IncidentState.Retracted,
            RecordedAt = change.ChangeTime.ToDateTime(),
        };
    }
}
