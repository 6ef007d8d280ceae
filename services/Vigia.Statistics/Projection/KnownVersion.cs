using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Statistics.Projection;

/// <summary>
/// One version of an incident with the time the registry learned it and, once a newer version is known, the time it
/// was superseded: what an as_of query counts is every version known at that instant and not yet superseded (the
/// bitemporal row). The latest versions are also in <see cref="CountedIncident"/>, which queries "as known now" read,
/// so they stay as fast as before.
/// </summary>
public class KnownVersion
{
    /// <summary>The row's own key, which its victims refer to.</summary>
    public Guid Id { get; set; }

    public Guid IncidentId { get; set; }
    public long Version { get; set; }
    public DateOnly OccurredOn { get; set; }
    public required string CountryCode { get; set; }
    public string? Admin1 { get; set; }
    public string? Admin2 { get; set; }
    public IncidentType IncidentType { get; set; }

    /// <summary>Trimmed and lower-case, as <see cref="CountedIncident.PerpetratorKey"/>.</summary>
    public required string PerpetratorKey { get; set; }

    public bool Retracted { get; set; }

    /// <summary>When the registry recorded this version (UTC).</summary>
    public DateTime KnownFrom { get; set; }

    /// <summary>When the registry recorded the next version (UTC); null while this is the latest known.</summary>
    public DateTime? KnownUntil { get; set; }

    public List<KnownVersionVictims> Victims { get; set; } = [];

    /// <summary>
    /// The snapshot as a version known from its registry time, or from <paramref name="received"/> when the message
    /// does not carry one.
    /// </summary>
    public static KnownVersion From(IncidentSnapshot snapshot, DateTime received)
    {
        var id = RowIds.Next();
        return new KnownVersion
        {
            Id = id,
            IncidentId = snapshot.IncidentId,
            Version = snapshot.Version,
            OccurredOn = snapshot.OccurredOn,
            CountryCode = SelectorValues.PlaceCode(snapshot.CountryCode) ?? "",
            Admin1 = SelectorValues.PlaceCode(snapshot.Admin1),
            Admin2 = SelectorValues.PlaceCode(snapshot.Admin2),
            IncidentType = snapshot.IncidentType,
            PerpetratorKey = SelectorValues.Perpetrator(snapshot.Perpetrator),
            Retracted = snapshot.Retracted,
            KnownFrom = snapshot.RecordedAt is { } recorded ? DateTime.SpecifyKind(recorded, DateTimeKind.Utc) : received,
            Victims = [.. CountedIncident.VictimCounts(snapshot)
                .Select(c => new KnownVersionVictims { VersionId = id, Category = c.Key, Count = c.Value })],
        };
    }
}
