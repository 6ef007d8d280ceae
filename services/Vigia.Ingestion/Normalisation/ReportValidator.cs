using System.Text.RegularExpressions;
using Google.Rpc;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Ingestion.Normalisation;

/// <summary>
/// The outcome of validating one report: the normalised report, or every field violation found.
/// Source and source record id are kept (trimmed) either way, so a rejected bulk record can still be
/// stored under its key.
/// </summary>
public sealed record ValidatedReport(
    string Source, string SourceRecordId, NormalisedReport? Report, IReadOnlyList<BadRequest.Types.FieldViolation> Violations)
{
    public bool IsValid => Report is not null;

    /// <summary>Whether the key is usable to store the record, valid or not.</summary>
    public bool HasKey => Source.Length is > 0 and <= ReportValidator.MaxSourceLength
        && SourceRecordId.Length is > 0 and <= ReportValidator.MaxSourceRecordIdLength;
}

/// <summary>
/// Checks one report and normalises it: every violation is collected with its field path
/// (<c>report.place.admin1</c>, <c>report.victims[1].count</c>) so a desk learns all that is wrong at once.
/// </summary>
public sealed partial class ReportValidator(PlaceResolver places, TimeProvider time)
{
    public const int MaxSourceLength = 100;
    public const int MaxSourceRecordIdLength = 200;
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxVictimsPerEntry = 100_000;

    /// <summary>Nothing earlier: the observatory's series start in the 1990s, and older dates are typos.</summary>
    public static readonly DateOnly EarliestDate = new(1990, 1, 1);

    public ValidatedReport Validate(Report report, string path = "report")
    {
        var violations = new FieldViolations();
        var source = Required(report.Source, $"{path}.source", MaxSourceLength, violations);
        var sourceRecordId = Required(report.SourceRecordId, $"{path}.source_record_id", MaxSourceRecordIdLength, violations);
        var url = ValidateUrl(report.Url, $"{path}.url", violations);
        var publishedAt = ValidatePublishedAt(report.PublishedAt, $"{path}.published_at", violations);
        var occurredOn = ValidateOccurredOn(report.OccurredOn, $"{path}.occurred_on", violations);
        var precision = ValidatePrecision(report.DatePrecision, $"{path}.date_precision", violations);
        var place = places.Resolve(report.Place, $"{path}.place", violations);
        var incidentType = ValidateIncidentType(report.IncidentType, $"{path}.incident_type", violations);
        var victims = ValidateVictims(report, incidentType, path, violations);
        var perpetrator = ValidatePerpetrator(report.Perpetrator, $"{path}.perpetrator", violations);
        var description = Optional(report.Description, $"{path}.description", MaxDescriptionLength, violations);
        var language = ValidateLanguage(report.Language, $"{path}.language", violations);

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

    private static string Required(string value, string field, int maxLength, FieldViolations violations)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            violations.Add(field, "required");
        }
        else if (trimmed.Length > maxLength)
        {
            violations.Add(field, $"at most {maxLength} characters (was {trimmed.Length})");
        }

        return trimmed;
    }

    private static string? Optional(string value, string field, int maxLength, FieldViolations violations)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            violations.Add(field, $"at most {maxLength} characters (was {trimmed.Length})");
        }

        return trimmed.Length == 0 ? null : trimmed;
    }

    private static string? ValidateUrl(string value, string field, FieldViolations violations)
    {
        var url = Optional(value, field, MaxUrlLength, violations);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            violations.Add(field, $"must be an absolute http or https URL (was '{url}')");
            return null;
        }

        return url;
    }

    private DateTime? ValidatePublishedAt(Google.Protobuf.WellKnownTypes.Timestamp? value, string field, FieldViolations violations)
    {
        if (value is null)
        {
            return null;
        }

        DateTime publishedAt;
        try
        {
            publishedAt = value.ToDateTime();
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            violations.Add(field, "not a valid timestamp");
            return null;
        }

        // A little slack for clocks that run ahead.
        if (publishedAt > time.GetUtcNow().UtcDateTime.AddMinutes(5))
        {
            violations.Add(field, $"must not be in the future (was {publishedAt:O})");
        }

        return publishedAt;
    }

    private DateOnly? ValidateOccurredOn(Google.Type.Date? value, string field, FieldViolations violations)
    {
        if (value is null)
        {
            violations.Add(field, "required");
            return null;
        }

        if (value.Year is < 1 or > 9999 || value.Month is < 1 or > 12 || value.Day < 1 || value.Day > DateTime.DaysInMonth(value.Year, value.Month))
        {
            violations.Add(field, $"not a real date ({value.Year:D4}-{value.Month:D2}-{value.Day:D2}); give year, month and day");
            return null;
        }

        var date = new DateOnly(value.Year, value.Month, value.Day);
        // UTC's today is never behind Central America's, so a report from late in the local day passes.
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (date > today)
        {
            violations.Add(field, $"must not be in the future (was {date:yyyy-MM-dd})");
        }
        else if (date < EarliestDate)
        {
            violations.Add(field, $"must not be before {EarliestDate:yyyy-MM-dd} (was {date:yyyy-MM-dd})");
        }

        return date;
    }

    private static DatePrecision ValidatePrecision(DatePrecision value, string field, FieldViolations violations)
    {
        if (value == DatePrecision.Unspecified)
        {
            return DatePrecision.Day;
        }

        if (!Enum.IsDefined(value))
        {
            violations.Add(field, $"unknown date precision {(int)value}");
        }

        return value;
    }

    private static IncidentType ValidateIncidentType(IncidentType value, string field, FieldViolations violations)
    {
        if (value == IncidentType.Unspecified)
        {
            violations.Add(field, "required: HOMICIDE, ATTACK, ARMED_CONFRONTATION, EXTORTION, DISAPPEARANCE, EXTRAJUDICIAL_KILLING or OTHER");
        }
        else if (!Enum.IsDefined(value))
        {
            violations.Add(field, $"unknown incident type {(int)value}");
        }

        return value;
    }

    private static List<VictimCount> ValidateVictims(Report report, IncidentType incidentType, string path, FieldViolations violations)
    {
        // Merged by category, in the order categories first appear: "2 civilians, 1 police officer,
        // 1 civilian" is 3 civilians and 1 police officer.
        var merged = new List<VictimCount>();
        for (var i = 0; i < report.Victims.Count; i++)
        {
            var victims = report.Victims[i];
            var valid = true;
            if (victims.Category == VictimCategory.Unspecified)
            {
                violations.Add($"{path}.victims[{i}].category", "required: a victim category (UNKNOWN when the source does not say)");
                valid = false;
            }
            else if (!Enum.IsDefined(victims.Category))
            {
                violations.Add($"{path}.victims[{i}].category", $"unknown victim category {(int)victims.Category}");
                valid = false;
            }

            if (victims.Count < 1)
            {
                violations.Add($"{path}.victims[{i}].count", $"must be at least 1 (was {victims.Count})");
                valid = false;
            }
            else if (victims.Count > MaxVictimsPerEntry)
            {
                violations.Add($"{path}.victims[{i}].count", $"must be at most {MaxVictimsPerEntry} (was {victims.Count})");
                valid = false;
            }

            if (!valid)
            {
                continue;
            }

            var index = merged.FindIndex(v => v.Category == victims.Category);
            if (index < 0)
            {
                merged.Add(new VictimCount { Category = victims.Category, Count = victims.Count });
            }
            else
            {
                merged[index] = merged[index] with { Count = merged[index].Count + victims.Count };
            }
        }

        if (report.Victims.Count == 0 && incidentType is IncidentType.Homicide or IncidentType.ExtrajudicialKilling)
        {
            violations.Add($"{path}.victims", "a killing has at least one victim: give the victims (category UNKNOWN when the source does not say)");
        }

        return merged;
    }

    private static string ValidatePerpetrator(string value, string field, FieldViolations violations)
    {
        if (value.Length > PerpetratorNames.MaxLength)
        {
            violations.Add(field, $"at most {PerpetratorNames.MaxLength} characters (was {value.Length})");
            return PerpetratorNames.Unknown;
        }

        return PerpetratorNames.Normalise(value);
    }

    private static string? ValidateLanguage(string value, string field, FieldViolations violations)
    {
        var language = value.Trim();
        if (language.Length == 0)
        {
            return null;
        }

        if (language.Length > 35 || !LanguageTag().IsMatch(language))
        {
            violations.Add(field, $"must be a BCP 47 language tag such as 'es' or 'es-SV' (was '{language}')");
            return null;
        }

        // BCP 47 casing: language lower, script title, region upper ("es-419", "zh-Hant-TW").
        var parts = language.Replace('_', '-').Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = i > 0 && parts[i].Length == 2 ? parts[i].ToUpperInvariant()
                : i > 0 && parts[i].Length == 4 && char.IsAsciiLetter(parts[i][0]) ? char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant()
                : parts[i].ToLowerInvariant();
        }

        return string.Join('-', parts);
    }

    [GeneratedRegex("^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
