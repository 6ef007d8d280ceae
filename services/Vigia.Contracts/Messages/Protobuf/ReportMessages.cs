using BusV1 = Vigia.Bus.V1;

namespace Vigia.Contracts.Messages.Protobuf;

/// <summary>Ingestion's and the registry's report batches as bus bodies, and back.</summary>
internal static class ReportMessages
{
    public static BusV1.ReportsAccepted ToProto(this ReportsAccepted message) => new()
    {
        BatchId = message.BatchId.ToProto(),
        Reports = { message.Reports.Select(ToProto) },
    };

    public static ReportsAccepted FromProto(this BusV1.ReportsAccepted message) => new()
    {
        BatchId = message.BatchId.ToGuid(),
        Reports = [.. message.Reports.Select(FromProto)],
    };

    // The live lane's batch travels as the bulk lane's body: one mapping of a batch's fields.
    public static BusV1.ReportsAccepted ToProto(this LiveReportsAccepted message) =>
        new ReportsAccepted { BatchId = message.BatchId, Reports = message.Reports }.ToProto();

    public static LiveReportsAccepted FromLiveProto(this BusV1.ReportsAccepted message)
    {
        var batch = message.FromProto();
        return new() { BatchId = batch.BatchId, Reports = batch.Reports };
    }

    public static BusV1.ReportsWithdrawn ToProto(this ReportsWithdrawn message) => new()
    {
        BatchId = message.BatchId.ToProto(),
        Reports =
        {
            message.Reports.Select(r => new BusV1.WithdrawnReport
            {
                ReportId = r.ReportId.ToProto(),
                Source = r.Source,
                SourceRecordId = r.SourceRecordId,
                Revision = r.Revision,
                Reason = r.Reason,
            }),
        },
    };

    public static ReportsWithdrawn FromProto(this BusV1.ReportsWithdrawn message) => new()
    {
        BatchId = message.BatchId.ToGuid(),
        Reports =
        [
            .. message.Reports.Select(r => new WithdrawnReport
            {
                ReportId = r.ReportId.ToGuid(),
                Source = r.Source,
                SourceRecordId = r.SourceRecordId,
                Revision = r.Revision,
                Reason = r.Reason,
            }),
        ],
    };

    public static BusV1.ReportsRecorded ToProto(this ReportsRecorded message) => new()
    {
        Reports = { message.Reports.Select(r => new BusV1.RecordedReport { ReportId = r.ReportId.ToProto(), IncidentId = r.IncidentId.ToProto() }) },
    };

    public static ReportsRecorded FromProto(this BusV1.ReportsRecorded message) => new()
    {
        Reports = [.. message.Reports.Select(r => new RecordedReport { ReportId = r.ReportId.ToGuid(), IncidentId = r.IncidentId.ToGuid() })],
    };

    private static BusV1.AcceptedReport ToProto(AcceptedReport report)
    {
        var proto = new BusV1.AcceptedReport
        {
            ReportId = report.ReportId.ToProto(),
            Source = report.Source,
            SourceRecordId = report.SourceRecordId,
            PublishedAt = report.PublishedAt?.ToProto(),
            OccurredOn = report.OccurredOn.ToProto(),
            DatePrecision = report.DatePrecision,
            CountryCode = report.CountryCode,
            IncidentType = report.IncidentType,
            Victims = { report.Victims.Select(v => v.ToProto()) },
            Perpetrator = report.Perpetrator,
            ReceivedAt = report.ReceivedAt.ToProto(),
            Revision = report.Revision,
        };

        // proto3 optional strings: absent, not empty, when the record holds null.
        if (report.Url is { } url)
        {
            proto.Url = url;
        }

        if (report.Admin1 is { } admin1)
        {
            proto.Admin1 = admin1;
        }

        if (report.Admin1Name is { } admin1Name)
        {
            proto.Admin1Name = admin1Name;
        }

        if (report.Admin2 is { } admin2)
        {
            proto.Admin2 = admin2;
        }

        if (report.Admin2Name is { } admin2Name)
        {
            proto.Admin2Name = admin2Name;
        }

        if (report.Description is { } description)
        {
            proto.Description = description;
        }

        if (report.Language is { } language)
        {
            proto.Language = language;
        }

        return proto;
    }

    private static AcceptedReport FromProto(BusV1.AcceptedReport report) => new()
    {
        ReportId = report.ReportId.ToGuid(),
        Source = report.Source,
        SourceRecordId = report.SourceRecordId,
        Url = report.HasUrl ? report.Url : null,
        PublishedAt = report.PublishedAt?.ToDateTimeOffset(),
        OccurredOn = ProtoValues.ToDate(report.OccurredOn),
        DatePrecision = report.DatePrecision,
        CountryCode = report.CountryCode,
        Admin1 = report.HasAdmin1 ? report.Admin1 : null,
        Admin1Name = report.HasAdmin1Name ? report.Admin1Name : null,
        Admin2 = report.HasAdmin2 ? report.Admin2 : null,
        Admin2Name = report.HasAdmin2Name ? report.Admin2Name : null,
        IncidentType = report.IncidentType,
        Victims = [.. report.Victims.Select(v => v.FromProto())],
        Perpetrator = report.Perpetrator,
        Description = report.HasDescription ? report.Description : null,
        Language = report.HasLanguage ? report.Language : null,
        ReceivedAt = report.ReceivedAt.ToDateTimeOffset(),
        Revision = report.Revision,
    };
}
