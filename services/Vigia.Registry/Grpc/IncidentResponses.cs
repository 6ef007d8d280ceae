using Vigia.Common.V1;
using Vigia.Registry.Incidents;
using Vigia.ServiceDefaults.Grpc;
using Incident = Vigia.Registry.Incidents.Incident;
using IncidentChange = Vigia.Registry.Incidents.IncidentChange;
using IncidentSource = Vigia.Registry.Incidents.IncidentSource;
using IncidentVersion = Vigia.Registry.Incidents.IncidentVersion;

namespace Vigia.Registry.Grpc;

/// <summary>The registry's types as the contract's messages.</summary>
public static class IncidentResponses
{
    public static V1.Incident ToProto(this Incident incident)
    {
        var proto = new V1.Incident
        {
            IncidentId = incident.Id.ToString(),
            Version = incident.Version,
            OccurredOn = ProtoDates.ToDate(incident.OccurredOn),
            DatePrecision = incident.DatePrecision,
            Place = new Place
            {
                CountryCode = incident.CountryCode,
                Admin1 = incident.Admin1 ?? "",
                Admin1Name = incident.Admin1Name ?? "",
                Admin2 = incident.Admin2 ?? "",
                Admin2Name = incident.Admin2Name ?? "",
            },
            IncidentType = incident.IncidentType,
            Perpetrator = incident.Perpetrator,
            State = incident.State,
            Description = incident.Description ?? "",
            CreateTime = ProtoDates.ToTimestamp(incident.CreatedAt),
            UpdateTime = ProtoDates.ToTimestamp(incident.UpdatedAt),
        };
        proto.Victims.AddRange(ToProto(incident.Victims));
        proto.Sources.AddRange(incident.Sources.OrderBy(s => s.AddedAt).ThenBy(s => s.Source, StringComparer.Ordinal).Select(ToProto));
        return proto;
    }

    public static V1.IncidentVersion ToProto(this IncidentVersion version) => new()
    {
        Version = version.Version,
        Kind = version.Kind,
        Incident = version.ReadSnapshot().ToProto(),
        ChangedBy = version.ChangedBy,
        ChangeTime = ProtoDates.ToTimestamp(version.ChangedAt),
        Reason = version.Reason,
    };

    public static V1.IncidentChange ToProto(this IncidentChange change) => new()
    {
        Sequence = change.Sequence,
        Kind = change.Kind,
        Incident = change.Incident.ToProto(),
        ChangeTime = ProtoDates.ToTimestamp(change.ChangedAt),
    };

    /// <summary>The page token of the next ListIncidents page: the date and id this page ended on.</summary>
    public static string ToPageToken(this IncidentPosition? position) =>
        position is null ? "" : PageTokens.Encode($"{position.OccurredOn:yyyy-MM-dd}|{position.IncidentId:N}");

    private static IEnumerable<Victims> ToProto(IEnumerable<Victim> victims) =>
        victims.Where(v => v.Count > 0).OrderBy(v => v.Category).Select(v => new Victims { Category = v.Category, Count = v.Count });

    private static V1.IncidentSource ToProto(IncidentSource source)
    {
        var proto = new V1.IncidentSource
        {
            Source = source.Source,
            SourceRecordId = source.SourceRecordId,
            ReportId = source.ReportId.ToString(),
            Url = source.Url ?? "",
            PublishedAt = source.PublishedAt is { } published ? ProtoDates.ToTimestamp(published) : null,
            Perpetrator = source.Perpetrator,
            LinkReason = source.LinkReason,
            MergeReason = source.MergeReason,
            Revision = source.Revision,
            WithdrawTime = source.WithdrawnAt is { } withdrawn ? ProtoDates.ToTimestamp(withdrawn) : null,
        };
        proto.Victims.AddRange(ToProto(source.Victims));
        return proto;
    }
}
