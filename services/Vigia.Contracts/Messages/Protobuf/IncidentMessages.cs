using BusV1 = Vigia.Bus.V1;

namespace Vigia.Contracts.Messages.Protobuf;

/// <summary>The registry's and statistics' incident batches as bus bodies, and back.</summary>
internal static class IncidentMessages
{
    public static BusV1.IncidentsChanged ToProto(this IncidentsChanged message) => new()
    {
        BatchId = message.BatchId.ToProto(),
        Incidents = { message.Incidents.Select(ToProto) },
    };

    public static IncidentsChanged FromProto(this BusV1.IncidentsChanged message) => new()
    {
        BatchId = message.BatchId.ToGuid(),
        Incidents = [.. message.Incidents.Select(FromProto)],
    };

    public static BusV1.SeriesChanged ToProto(this SeriesChanged message) => new()
    {
        BatchId = message.BatchId.ToProto(),
        Changes = { message.Changes.Select(c => new BusV1.SeriesChange { Previous = c.Previous is { } previous ? ToProto(previous) : null, Current = ToProto(c.Current) }) },
    };

    public static SeriesChanged FromProto(this BusV1.SeriesChanged message) => new()
    {
        BatchId = message.BatchId.ToGuid(),
        Changes = [.. message.Changes.Select(c => new SeriesChange { Previous = c.Previous is { } previous ? FromProto(previous) : null, Current = FromProto(c.Current) })],
    };

    private static BusV1.IncidentSnapshot ToProto(IncidentSnapshot snapshot)
    {
        var proto = new BusV1.IncidentSnapshot
        {
            IncidentId = snapshot.IncidentId.ToProto(),
            Version = snapshot.Version,
            OccurredOn = snapshot.OccurredOn.ToProto(),
            DatePrecision = snapshot.DatePrecision,
            CountryCode = snapshot.CountryCode,
            IncidentType = snapshot.IncidentType,
            Victims = { snapshot.Victims.Select(v => v.ToProto()) },
            Perpetrator = snapshot.Perpetrator,
            Retracted = snapshot.Retracted,
            RecordedAt = snapshot.RecordedAt?.ToProtoUtc(),
        };

        // proto3 optional strings: absent, not empty, when the record holds null.
        if (snapshot.Admin1 is { } admin1)
        {
            proto.Admin1 = admin1;
        }

        if (snapshot.Admin2 is { } admin2)
        {
            proto.Admin2 = admin2;
        }

        return proto;
    }

    private static IncidentSnapshot FromProto(BusV1.IncidentSnapshot snapshot) => new()
    {
        IncidentId = snapshot.IncidentId.ToGuid(),
        Version = snapshot.Version,
        OccurredOn = ProtoValues.ToDate(snapshot.OccurredOn),
        DatePrecision = snapshot.DatePrecision,
        CountryCode = snapshot.CountryCode,
        Admin1 = snapshot.HasAdmin1 ? snapshot.Admin1 : null,
        Admin2 = snapshot.HasAdmin2 ? snapshot.Admin2 : null,
        IncidentType = snapshot.IncidentType,
        Victims = [.. snapshot.Victims.Select(v => v.FromProto())],
        Perpetrator = snapshot.Perpetrator,
        Retracted = snapshot.Retracted,
        RecordedAt = snapshot.RecordedAt?.ToDateTime(),
    };
}
