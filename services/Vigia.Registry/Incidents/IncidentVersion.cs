using System.Text.Json;
using Vigia.Registry.V1;

namespace Vigia.Registry.Incidents;

/// <summary>
/// One version of an incident: the incident as it stood (a JSON snapshot), and who changed it, when
/// and why. <see cref="Sequence"/> is a database-generated number, increasing over the whole
/// registry: the order of the change stream.
/// </summary>
public class IncidentVersion
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public long Sequence { get; set; }
    public Guid IncidentId { get; set; }
    public long Version { get; set; }
    public ChangeKind Kind { get; set; }
    public string ChangedBy { get; set; } = "";
    public DateTime ChangedAt { get; set; }
    public string Reason { get; set; } = "";
    public string Snapshot { get; set; } = "";

    public static IncidentVersion Of(Incident incident, ChangeKind kind, string changedBy, string reason, DateTime at) => new()
    {
        IncidentId = incident.Id,
        Version = incident.Version,
        Kind = kind,
        ChangedBy = changedBy,
        ChangedAt = at,
        Reason = reason,
        Snapshot = JsonSerializer.Serialize(incident, s_json),
    };

    /// <summary>The incident as it stood at this version.</summary>
    public Incident ReadSnapshot() =>
        JsonSerializer.Deserialize<Incident>(Snapshot, s_json)
        ?? throw new InvalidOperationException($"Version {Version} of incident {IncidentId} has an empty snapshot.");
}
