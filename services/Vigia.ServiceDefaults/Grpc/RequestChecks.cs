using System.Globalization;
using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>
/// The checks every service makes of the same kinds of request field, written once: each adds what is wrong to the
/// request's <see cref="FieldViolations"/> (so a caller learns everything at once) and returns the value it could
/// read, or a fallback.
/// </summary>
public static class RequestChecks
{
    // Every C0 and C1 control character but tab, line feed and carriage return, which multi-line text may hold.
    private static readonly char[] s_controlCharacters =
        [.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c).Where(c => c is not ('\t' or '\n' or '\r'))];

    /// <summary>
    /// A string trimmed, at most <paramref name="maxLength"/> characters, without control characters (line breaks and
    /// tabs only where <paramref name="multiline"/>); null when empty, which is a violation when <paramref name="required"/>.
    /// </summary>
    public static string? Text(this FieldViolations violations, string? value, string field, int maxLength, bool required = false, bool multiline = false)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            if (required)
            {
                violations.Add(field, "required");
            }

            return null;
        }

        if (trimmed.Length > maxLength)
        {
            violations.Add(field, $"must be at most {maxLength} characters (was {trimmed.Length})");
            return null;
        }

        var control = trimmed.IndexOfAny(s_controlCharacters);
        if (control < 0 && !multiline)
        {
            control = trimmed.IndexOfAny(['\n', '\r', '\t']);
        }

        if (control >= 0)
        {
            violations.Add(field, $"must not contain control characters (U+{(int)trimmed[control]:X4} at position {control})");
            return null;
        }

        return trimmed;
    }

    /// <summary>
    /// The range of every date the contract takes: far wider than any series, and far enough from
    /// <see cref="DateOnly.MaxValue"/> that a period's weeks, months and years never run off the calendar.
    /// </summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    /// <inheritdoc cref="EarliestDate"/>
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    /// <summary>Most values one selector field (country codes, departments, …) may list.</summary>
    public const int MaxSelectorValues = 500;

    /// <summary>Longest value a selector may hold (a place code or a perpetrator).</summary>
    public const int MaxSelectorValueLength = 200;

    /// <summary>Most labels a rule or a subscription may carry.</summary>
    public const int MaxLabels = 50;

    /// <summary>Longest label key and value.</summary>
    public const int MaxLabelLength = 200;

    /// <summary>
    /// A name or id the caller hands back (a rule id, an alert id): required, within its column, free of control
    /// characters. Throws INVALID_ARGUMENT naming <paramref name="field"/> otherwise.
    /// </summary>
    public static string RequireKey(string value, string field, int maxLength)
    {
        var violations = new FieldViolations();
        var key = violations.Text(value, field, maxLength, required: true);
        violations.ThrowIfAny();
        return key!;
    }

    /// <summary>Labels: at most <see cref="MaxLabels"/>, keys and values within <see cref="MaxLabelLength"/> and printable, no blank key.</summary>
    public static void Labels(this FieldViolations violations, IReadOnlyDictionary<string, string> labels, string field)
    {
        if (labels.Count > MaxLabels)
        {
            violations.Add(field, $"at most {MaxLabels} labels (was {labels.Count:N0})");
            return;
        }

        foreach (var (key, value) in labels)
        {
            if (violations.Text(key, $"{field}.key", MaxLabelLength, required: true) is not null)
            {
                violations.Text(value, $"{field}[{key}]", MaxLabelLength);
            }
        }
    }

    /// <summary>A full calendar date between <see cref="EarliestDate"/> and <see cref="LatestDate"/>; a missing (or all-zero) date is "is required".</summary>
    public static DateOnly? Date(this FieldViolations violations, Google.Type.Date? date, string field)
    {
        if (date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0))
        {
            violations.Add(field, "required");
            return null;
        }

        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            violations.Add(field, $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2} is not a real date: give year, month and day");
            return null;
        }

        var day = new DateOnly(date.Year, date.Month, date.Day);
        if (day < EarliestDate || day > LatestDate)
        {
            violations.Add(field, $"must be between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd} (was {day:yyyy-MM-dd})");
            return null;
        }

        return day;
    }

    /// <summary>An instant, as UTC; null (and a violation) for a timestamp outside 0001-01-01..9999-12-31 or with bad nanos.</summary>
    public static DateTime? Instant(this FieldViolations violations, Google.Protobuf.WellKnownTypes.Timestamp? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return value.ToDateTime();
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            violations.Add(field, "not a valid timestamp (seconds within years 0001 to 9999, nanos 0 to 999,999,999)");
            return null;
        }
    }

    /// <summary>
    /// A period with both days, the end not before the start (reported on <paramref name="orderField"/>, by default the
    /// period), at most <paramref name="maxDays"/> days long (<paramref name="maxInWords"/> says how long that is).
    /// </summary>
    public static (DateOnly Start, DateOnly End)? Period(
        this FieldViolations violations, Period? period, string field, int maxDays = int.MaxValue, string? maxInWords = null, string? orderField = null)
    {
        if (period is null)
        {
            violations.Add(field, "required");
            return null;
        }

        var start = violations.Date(period.StartDate, $"{field}.start_date");
        var end = violations.Date(period.EndDate, $"{field}.end_date");
        if (start is null || end is null)
        {
            return null;
        }

        if (end < start)
        {
            violations.Add(orderField ?? field, $"start_date {start:yyyy-MM-dd} is after end_date {end:yyyy-MM-dd}");
            return null;
        }

        var days = end.Value.DayNumber - start.Value.DayNumber + 1;
        if (days > maxDays)
        {
            violations.Add(field, $"spans {days:N0} days; at most {maxDays:N0}{(maxInWords is null ? "" : $" ({maxInWords})")} are allowed");
            return null;
        }

        return (start.Value, end.Value);
    }

    /// <summary>A known enum value; the unspecified one is required to be replaced by the caller.</summary>
    public static TEnum Known<TEnum>(this FieldViolations violations, TEnum value, TEnum unspecified, string field)
        where TEnum : struct, Enum
    {
        if (EqualityComparer<TEnum>.Default.Equals(value, unspecified) || !Enum.IsDefined(value))
        {
            violations.Add(field, $"must be one of {string.Join(", ", Enum.GetNames<TEnum>().Where(n => n != unspecified.ToString()))}");
        }

        return value;
    }

    /// <summary>A known enum value, or <paramref name="fallback"/> for the unspecified one.</summary>
    public static TEnum Defaulted<TEnum>(this FieldViolations violations, TEnum value, TEnum unspecified, TEnum fallback, string field)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            violations.Add(field, $"unknown value {Convert.ToInt32(value, CultureInfo.InvariantCulture)}");
            return fallback;
        }

        return value.Equals(unspecified) ? fallback : value;
    }

    /// <summary>An id the platform issued (a GUID).</summary>
    public static Guid Id(this FieldViolations violations, string value, string field, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(field, "required");
            return Guid.Empty;
        }

        if (!Guid.TryParse(value, out var id))
        {
            violations.Add(field, $"'{value}' is not {what} id");
        }

        return id;
    }

    /// <summary>
    /// A selector: country codes of two letters, no blank place codes, specified and known enums. Returns it
    /// normalised (<see cref="Selection.From"/>); an absent selector is "all".
    /// </summary>
    public static Selection Selector(this FieldViolations violations, Selector? selector, string field)
    {
        if (selector is null)
        {
            return Selection.All;
        }

        var before = violations.Count;
        BoundValues(violations, selector.CountryCodes, $"{field}.country_codes");
        BoundValues(violations, selector.Admin1, $"{field}.admin1");
        BoundValues(violations, selector.Admin2, $"{field}.admin2");
        BoundValues(violations, selector.Perpetrators, $"{field}.perpetrators");
        if (selector.IncidentTypes.Count > MaxSelectorValues || selector.VictimCategories.Count > MaxSelectorValues)
        {
            violations.Add(selector.IncidentTypes.Count > MaxSelectorValues ? $"{field}.incident_types" : $"{field}.victim_categories",
                $"at most {MaxSelectorValues} values");
        }

        if (violations.Count > before)
        {
            return Selection.All;
        }

        for (var i = 0; i < selector.CountryCodes.Count; i++)
        {
            var code = SelectorValues.PlaceCode(selector.CountryCodes[i]);
            if (code is null)
            {
                violations.Add($"{field}.country_codes[{i}]", "must not be empty");
            }
            else if (code.Length != 2 || !code.All(char.IsAsciiLetter))
            {
                violations.Add($"{field}.country_codes[{i}]", $"'{selector.CountryCodes[i]}' must be an ISO 3166-1 alpha-2 code such as SV");
            }
        }

        RequireCodes(violations, selector.Admin1, $"{field}.admin1");
        RequireCodes(violations, selector.Admin2, $"{field}.admin2");
        for (var i = 0; i < selector.IncidentTypes.Count; i++)
        {
            violations.Known(selector.IncidentTypes[i], IncidentType.Unspecified, $"{field}.incident_types[{i}]");
        }

        for (var i = 0; i < selector.VictimCategories.Count; i++)
        {
            violations.Known(selector.VictimCategories[i], VictimCategory.Unspecified, $"{field}.victim_categories[{i}]");
        }

        return Selection.From(selector);
    }

    /// <summary>The contract's earliest incident date (ingestion refuses older ones): nothing was known before it.</summary>
    public static readonly DateTime EarliestAsOf = new(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>How far ahead of this server's clock an as_of may be: the caller's clock may run a little fast.</summary>
    public static readonly TimeSpan AsOfClockTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An instant to answer "as known at", in UTC; null when absent (answer as known now). It must be a valid
    /// timestamp, not before <see cref="EarliestAsOf"/> and not later than <paramref name="now"/> plus
    /// <see cref="AsOfClockTolerance"/>: nobody knows the future.
    /// </summary>
    public static DateTime? AsOf(this FieldViolations violations, Timestamp? asOf, string field, DateTimeOffset now)
    {
        if (asOf is null)
        {
            return null;
        }

        if (asOf.Nanos is < 0 or > 999_999_999)
        {
            violations.Add(field, $"nanos must be from 0 to 999999999 (was {asOf.Nanos})");
            return null;
        }

        // Compared as timestamps first: seconds far outside .NET's DateTime range must not throw.
        if (asOf < Timestamp.FromDateTime(EarliestAsOf))
        {
            violations.Add(field, $"must not be before {EarliestAsOf:yyyy-MM-dd}: nothing was known earlier");
            return null;
        }

        var latest = now.UtcDateTime + AsOfClockTolerance;
        if (asOf > Timestamp.FromDateTime(latest))
        {
            violations.Add(field, $"must not be in the future (now is {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})");
            return null;
        }

        return asOf.ToDateTime();
    }

    /// <summary>At most <see cref="MaxSelectorValues"/> values, each within its length and free of control characters.</summary>
    private static void BoundValues(FieldViolations violations, Google.Protobuf.Collections.RepeatedField<string> values, string field)
    {
        if (values.Count > MaxSelectorValues)
        {
            violations.Add(field, $"at most {MaxSelectorValues} values (was {values.Count:N0})");
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            violations.Text(values[i], $"{field}[{i}]", MaxSelectorValueLength);
        }
    }

    private static void RequireCodes(FieldViolations violations, IEnumerable<string> codes, string field)
    {
        var index = 0;
        foreach (var code in codes)
        {
            if (SelectorValues.PlaceCode(code) is null)
            {
                violations.Add($"{field}[{index}]", "must not be empty");
            }

            index++;
        }
    }
}
