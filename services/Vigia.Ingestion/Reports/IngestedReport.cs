using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Normalisation;

namespace Vigia.Ingestion.Reports;

/// <summary>
/// A report as ingestion keeps it: the normalised fields once accepted, the record as sent and its
/// violations while rejected, and the incident it became once the registry recorded it. The pair
/// (Source, SourceRecordId) is unique: it is the idempotency key.
/// </summary>
public class IngestedReport
{
    public Guid Id { get; set; }
    public required string Source { get; set; }
    public required string SourceRecordId { get; set; }
    public ReportState State { get; set; }

    /// <summary>When the service first received the report (UTC).</summary>
    public DateTime ReceivedAt { get; set; }

    public string? Url { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateOnly? OccurredOn { get; set; }
    public DatePrecision DatePrecision { get; set; }
    public string? CountryCode { get; set; }
    public string? Admin1 { get; set; }
    public string? Admin1Name { get; set; }
    public string? Admin2 { get; set; }
    public string? Admin2Name { get; set; }
    public IncidentType IncidentType { get; set; }
    public List<VictimCount> Victims { get; set; } = [];
    public string? Perpetrator { get; set; }
    public string? Description { get; set; }
    public string? Language { get; set; }

    public Guid? IncidentId { get; set; }
    public DateTime? RecordedAt { get; set; }

    /// <summary>A rejected record as it was sent (proto JSON), so GetReport can show it back.</summary>
    public string? SubmittedJson { get; set; }

    public List<ReportViolation> Violations { get; set; } = [];

    /// <summary>1 when first accepted; one more for each correction or withdrawal by the source.</summary>
    public int Revision { get; set; } = 1;

    /// <summary>The <see cref="ContentFingerprint"/> of the accepted content; null while rejected.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>Whether a valid resend under this key says something new: a correction, or a report the source had withdrawn.</summary>
    public bool IsCorrectedBy(NormalisedReport report) =>
        State == ReportState.Withdrawn || Fingerprint != ContentFingerprint.Of(report);

    public static IngestedReport NewAccepted(Guid id, NormalisedReport report, DateTime receivedAt)
    {
        var row = new IngestedReport { Id = id, Source = report.Source, SourceRecordId = report.SourceRecordId, ReceivedAt = receivedAt };
        row.Accept(report);
        return row;
    }

    public static IngestedReport NewRejected(Guid id, ValidatedReport validated, string submittedJson, DateTime receivedAt)
    {
        var row = new IngestedReport { Id = id, Source = validated.Source, SourceRecordId = validated.SourceRecordId, ReceivedAt = receivedAt };
        row.Reject(validated, submittedJson);
        return row;
    }

    /// <summary>Takes the normalised fields; a rejected record sent again corrected becomes accepted under the same id.</summary>
    public void Accept(NormalisedReport report)
    {
        State = ReportState.Accepted;
        Url = report.Url;
        PublishedAt = report.PublishedAt;
        OccurredOn = report.OccurredOn;
        DatePrecision = report.DatePrecision;
        CountryCode = report.Place.CountryCode;
        Admin1 = report.Place.Admin1;
        Admin1Name = report.Place.Admin1Name;
        Admin2 = report.Place.Admin2;
        Admin2Name = report.Place.Admin2Name;
        IncidentType = report.IncidentType;
        Victims = [.. report.Victims];
        Perpetrator = report.Perpetrator;
        Description = report.Description;
        Language = report.Language;
        SubmittedJson = null;
        Violations = [];
        Fingerprint = ContentFingerprint.Of(report);
    }

    /// <summary>The source sent the report again with other content (or again after deleting it): the next revision.</summary>
    public void Correct(NormalisedReport report)
    {
        Accept(report);
        Revision++;
    }

    /// <summary>The source deleted the report; the registry is told to stop counting it.</summary>
    public void Withdraw()
    {
        State = ReportState.Withdrawn;
        Revision++;
    }

    public void Reject(ValidatedReport validated, string submittedJson)
    {
        State = ReportState.Rejected;
        SubmittedJson = submittedJson;
        Violations = [.. validated.Violations.Select(v => new ReportViolation(v.Field, v.Description))];
    }

    public AcceptedReport ToAcceptedMessage() => new()
    {
        ReportId = Id,
        Source = Source,
        SourceRecordId = SourceRecordId,
        Url = Url,
        PublishedAt = PublishedAt is { } published ? new DateTimeOffset(DateTime.SpecifyKind(published, DateTimeKind.Utc)) : null,
        OccurredOn = OccurredOn ?? throw new InvalidOperationException($"Report {Id} is not accepted."),
        DatePrecision = DatePrecision,
        CountryCode = CountryCode!,
        Admin1 = Admin1,
        Admin1Name = Admin1Name,
        Admin2 = Admin2,
        Admin2Name = Admin2Name,
        IncidentType = IncidentType,
        Victims = Victims,
        Perpetrator = Perpetrator!,
        Description = Description,
        Language = Language,
        ReceivedAt = new DateTimeOffset(DateTime.SpecifyKind(ReceivedAt, DateTimeKind.Utc)),
        Revision = Revision,
    };

    public WithdrawnReport ToWithdrawnMessage(string reason) => new()
    {
        ReportId = Id,
        Source = Source,
        SourceRecordId = SourceRecordId,
        Revision = Revision,
        Reason = reason,
    };
}
