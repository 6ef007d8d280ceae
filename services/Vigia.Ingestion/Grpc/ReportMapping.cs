using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Vigia.Common.V1;
using Vigia.Ingestion.Reports;
using Vigia.Ingestion.V1;

namespace Vigia.Ingestion.Grpc;

/// <summary>Stored reports and submission results as the ingestion contract's messages.</summary>
public static class ReportMapping
{
    private static readonly JsonParser s_jsonParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static ReportStatus ToStatus(SubmissionOutcome outcome) => outcome switch
    {
        SubmissionOutcome.Accepted => ReportStatus.Accepted,
        SubmissionOutcome.Duplicate => ReportStatus.Duplicate,
        SubmissionOutcome.Rejected => ReportStatus.Rejected,
        SubmissionOutcome.Corrected => ReportStatus.Corrected,
        _ => ReportStatus.Unspecified,
    };

    public static ReportStatus ToStatus(ReportState state) => state switch
    {
        ReportState.Accepted => ReportStatus.Accepted,
        ReportState.Recorded => ReportStatus.Recorded,
        ReportState.Rejected => ReportStatus.Rejected,
        ReportState.Withdrawn => ReportStatus.Withdrawn,
        _ => ReportStatus.Unspecified,
    };

    public static SubmitReportResponse ToResponse(SubmissionResult result) => new()
    {
        ReportId = result.ReportId?.ToString() ?? string.Empty,
        Status = ToStatus(result.Outcome),
    };

    public static SubmitReportsResponse ToResponse(IReadOnlyList<SubmissionResult> results)
    {
        var response = new SubmitReportsResponse();
        foreach (var result in results)
        {
            var proto = new ReportResult
            {
                Index = result.Index,
                Source = result.Source,
                SourceRecordId = result.SourceRecordId,
                ReportId = result.ReportId?.ToString() ?? string.Empty,
                Status = ToStatus(result.Outcome),
            };
            proto.FieldViolations.AddRange(result.Violations);
            response.Results.Add(proto);
        }

        return response;
    }

    public static Report ToProto(IngestedReport row)
    {
        // A rejected record is shown as it was sent: its fields never made it through normalisation.
        var report = row.State == ReportState.Rejected && row.SubmittedJson is { } submitted
            ? s_jsonParser.Parse<Report>(submitted)
            : Normalised(row);
        report.ReportId = row.Id.ToString();
        report.Source = row.Source;
        report.SourceRecordId = row.SourceRecordId;
        report.Status = ToStatus(row.State);
        report.IncidentId = row.IncidentId?.ToString() ?? string.Empty;
        report.Revision = row.Revision;
        report.ReceivedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(row.ReceivedAt, DateTimeKind.Utc));
        report.FieldViolations.Clear();
        report.FieldViolations.AddRange(row.Violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        return report;
    }

    private static Report Normalised(IngestedReport row)
    {
        var report = new Report
        {
            Url = row.Url ?? string.Empty,
            DatePrecision = row.DatePrecision,
            Place = new Place
            {
                CountryCode = row.CountryCode ?? string.Empty,
                Admin1 = row.Admin1 ?? string.Empty,
                Admin1Name = row.Admin1Name ?? string.Empty,
                Admin2 = row.Admin2 ?? string.Empty,
                Admin2Name = row.Admin2Name ?? string.Empty,
            },
            IncidentType = row.IncidentType,
            Perpetrator = row.Perpetrator ?? string.Empty,
            Description = row.Description ?? string.Empty,
            Language = row.Language ?? string.Empty,
        };
        if (row.PublishedAt is { } publishedAt)
        {
            report.PublishedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(publishedAt, DateTimeKind.Utc));
        }

        if (row.OccurredOn is { } occurredOn)
        {
            report.OccurredOn = new Google.Type.Date { Year = occurredOn.Year, Month = occurredOn.Month, Day = occurredOn.Day };
        }

        report.Victims.AddRange(row.Victims.Select(v => new Victims { Category = v.Category, Count = v.Count }));
        return report;
    }
}
