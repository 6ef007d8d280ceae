using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Vigia.Common.V1;
using Vigia.Ingestion.Normalisation;
using Vigia.Ingestion.V1;

namespace Vigia.Cli.Import;

/// <summary>
/// Turns a row's field texts into a <see cref="Report"/>. Text the proto can carry (places, perpetrators, dates that may
/// not exist) goes through as it is, for ingestion to normalise and judge; only what the proto cannot carry (a category
/// word, a count that is not a number) is checked here, with the words ingestion knows (<see cref="CategoryNames"/>).
/// </summary>
internal static class ReportBuilder
{
    public static ImportRow Build(int rowNumber, IReadOnlyDictionary<string, string> fields, string fallbackRecordId)
    {
        string Text(string field) => fields.TryGetValue(field, out var value) ? value.Trim() : "";

        var recordId = Text(ReportFields.SourceRecordId) is { Length: > 0 } given ? given : fallbackRecordId;
        var rejects = new List<RowReject>();
        void Reject(string field, string reason) => rejects.Add(new RowReject(rowNumber, recordId, field, reason));

        var report = new Report
        {
            Source = Text(ReportFields.Source),
            SourceRecordId = recordId,
            Url = Text(ReportFields.Url),
            Place = new Place { CountryCode = Text(ReportFields.Country), Admin1 = Text(ReportFields.Admin1), Admin2 = Text(ReportFields.Admin2) },
            Perpetrator = Text(ReportFields.Perpetrator),
            Description = Text(ReportFields.Description),
            Language = Text(ReportFields.Language),
        };

        if (Text(ReportFields.PublishedAt) is { Length: > 0 } published)
        {
            if (DateTimeOffset.TryParse(published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                report.PublishedAt = Timestamp.FromDateTimeOffset(at);
            }
            else
            {
                Reject(ReportFields.PublishedAt, $"'{published}' is not a date and time (ISO 8601, e.g. 2017-06-11T08:30:00Z)");
            }
        }

        if (Text(ReportFields.OccurredOn) is { Length: > 0 } occurred)
        {
            if (ParseDate(occurred) is { } date)
            {
                report.OccurredOn = date;
            }
            else
            {
                Reject(ReportFields.OccurredOn, $"'{occurred}' is not a date (yyyy-MM-dd)");
            }
        }

        if (Text(ReportFields.DatePrecision) is { Length: > 0 } precision)
        {
            if (ParsePrecision(precision) is { } parsed)
            {
                report.DatePrecision = parsed;
            }
            else
            {
                Reject(ReportFields.DatePrecision, $"'{precision}' is not a date precision (DAY, WEEK or MONTH)");
            }
        }

        if (Text(ReportFields.IncidentType) is { Length: > 0 } type)
        {
            if (CategoryNames.TryParseIncidentType(type, out var incidentType))
            {
                report.IncidentType = incidentType;
            }
            else
            {
                Reject(ReportFields.IncidentType, $"unknown incident type '{type}'");
            }
        }

        AddVictims(report, Text(ReportFields.Victims), Reject);
        AddVictimCount(report, Text(ReportFields.VictimCount), Text(ReportFields.VictimCategory), Reject);
        return rejects.Count == 0 ? new ImportRow(rowNumber, report, []) : new ImportRow(rowNumber, null, rejects);
    }

    /// <summary><c>category:count;category:count</c>, e.g. <c>civilian:2;policía:1</c>.</summary>
    private static void AddVictims(Report report, string text, Action<string, string> reject)
    {
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0)
            {
                reject(ReportFields.Victims, $"'{entry}' is not category:count");
                continue;
            }

            var category = entry[..colon].Trim();
            var count = entry[(colon + 1)..].Trim();
            if (!CategoryNames.TryParseVictimCategory(category, out var victimCategory))
            {
                reject(ReportFields.Victims, $"unknown victim category '{category}'");
            }
            else if (!int.TryParse(count, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                reject(ReportFields.Victims, $"count '{count}' of {category} is not a whole number");
            }
            else
            {
                report.Victims.Add(new Victims { Category = victimCategory, Count = n });
            }
        }
    }

    /// <summary>Sheets with one line per count: the count from one column, the category fixed by the layout or from another.</summary>
    private static void AddVictimCount(Report report, string count, string category, Action<string, string> reject)
    {
        if (count.Length == 0)
        {
            return;
        }

        if (!double.TryParse(count, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n != Math.Floor(n) || Math.Abs(n) > int.MaxValue)
        {
            reject(ReportFields.VictimCount, $"'{count}' is not a whole number");
        }
        else if (!CategoryNames.TryParseVictimCategory(category.Length == 0 ? "unknown" : category, out var victimCategory))
        {
            reject(ReportFields.VictimCategory, $"unknown victim category '{category}'");
        }
        else
        {
            report.Victims.Add(new Victims { Category = victimCategory, Count = (int)n });
        }
    }

    /// <summary>Year, month and day as written, even an impossible one (2011-02-30), which ingestion rejects with its reason.</summary>
    private static Google.Type.Date? ParseDate(string text)
    {
        var parts = text.Split('-');
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            ? new Google.Type.Date { Year = year, Month = month, Day = day }
            : null;
    }

    private static DatePrecision? ParsePrecision(string text)
    {
        var name = text.Trim().ToUpperInvariant().Replace("DATE_PRECISION_", "", StringComparison.Ordinal);
        return name is "UNSPECIFIED" || !System.Enum.TryParse<DatePrecision>(name, ignoreCase: true, out var precision) || !System.Enum.IsDefined(precision)
            ? null
            : precision;
    }
}
