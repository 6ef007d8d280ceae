using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Ingestion.Normalisation;

/// <summary>
/// Checks one report and normalises it: every violation is collected with its field path
/// (<c>report.place.admin1</c>, <c>report.victims[1].count</c>) so a desk learns all that is wrong at once.
/// </summary>
public sealed class ReportValidator(PlaceResolver places, TimeProvider time)
{
    public const int MaxSourceLength = 100;
    public const int MaxSourceRecordIdLength = 200;
    public const int MaxUrlLength = 2048;

    public ValidatedReport Validate(Report report, string path = "report")
    {
        var violations = new FieldViolations();
        var source = violations.Text(report.Source, $"{path}.source", MaxSourceLength, required: true) ?? "";
        var sourceRecordId = violations.Text(report.SourceRecordId, $"{path}.source_record_id", MaxSourceRecordIdLength, required: true) ?? "";
        var url = ValidateUrl(report.Url, $"{path}.url", violations);
        var publishedAt = ValidatePublishedAt(report.PublishedAt, $"{path}.published_at", violations);
        var occurredOn = ValidateOccurredOn(report.OccurredOn, $"{path}.occurred_on", violations);
        var precision = violations.Defaulted(report.DatePrecision, DatePrecision.Unspecified, DatePrecision.Day, $"{path}.date_precision");
        var place = places.Resolve(report.Place, $"{path}.place", violations);
        var incidentType = violations.Known(report.IncidentType, IncidentType.Unspecified, $"{path}.incident_type");
        var victims = VictimCounts.Validate(report, incidentType, path, violations);
        var perpetrator = ValidatePerpetrator(report.Perpetrator, $"{path}.perpetrator", violations);
        var description = violations.Description(report.Description, $"{path}.description");
        var language = LanguageTags.Validate(report.Language, $"{path}.language", violations);

        if (!violations.IsEmpty || occurredOn is null || place is null)
        {
            return new ValidatedReport(source, sourceRecordId, null, violations.All);
        }

        return new ValidatedReport(source, sourceRecordId, new NormalisedReport
        {
            Source = source,
            SourceRecordId = sourceRecordId,
            Url = url,
            PublishedAt = publishedAt,
            OccurredOn = occurredOn.Value,
            DatePrecision = precision,
            Place = place,
            IncidentType = incidentType,
            Victims = victims,
            Perpetrator = perpetrator,
            Description = description,
            Language = language,
        }, []);
    }

    private static string? ValidateUrl(string value, string field, FieldViolations violations)
    {
        var url = violations.Text(value, field, MaxUrlLength);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            violations.Add(field, $"must be an absolute http or https URL (was '{url}')");
            return null;
        }

        return url;
    }

    private DateTime? ValidatePublishedAt(Google.Protobuf.WellKnownTypes.Timestamp? value, string field, FieldViolations violations)
    {
        var publishedAt = violations.Instant(value, field);

        // A little slack for clocks that run ahead.
        if (publishedAt > time.GetUtcNow().UtcDateTime.AddMinutes(5))
        {
            violations.Add(field, $"must not be in the future (was {publishedAt:O})");
        }

        return publishedAt;
    }

    // UTC's today is never behind Central America's, so a report from late in the local day passes.
    private DateOnly? ValidateOccurredOn(Google.Type.Date? value, string field, FieldViolations violations) =>
        violations.OccurredOn(value, field, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));

    private static string ValidatePerpetrator(string value, string field, FieldViolations violations) =>
        PerpetratorNames.Normalise(violations.Perpetrator(value, field));
}
