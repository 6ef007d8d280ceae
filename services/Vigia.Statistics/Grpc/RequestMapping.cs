using Vigia.Common.V1;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics.Projection;
using Vigia.Statistics.Rates;
using Vigia.Statistics.Series;
using Vigia.Statistics.V1;
using GoogleDate = Google.Type.Date;

namespace Vigia.Statistics.Grpc;

/// <summary>
/// Proto requests to validated queries; every violated field is reported at once. Unspecified
/// enums take their defaults: measure INCIDENTS, granularity DAY, group_by NONE, level ADMIN1,
/// order_by COUNT. A limit of 0 means every place.
/// </summary>
public static partial class RequestMapping
{
    /// <summary>50 years of days: longer periods are almost certainly a typo in a year.</summary>
    public const int MaxPeriodDays = (50 * 365) + 13;

    public static TimeSeriesRequest ToQuery(GetTimeSeriesRequest request)
    {
        var violations = new FieldViolations();
        var selection = ToSelection(request.Selector, violations);
        var measure = ToMeasure(request.Measure, "measure", violations);
        var granularity = Defaulted(request.Granularity, Granularity.Unspecified, Granularity.Day, "granularity", violations);
        var period = ToPeriod(request.Period, "period", violations);
        var groupBy = Defaulted(request.GroupBy, GroupBy.Unspecified, GroupBy.None, "group_by", violations);
        violations.ThrowIfAny();
        return new TimeSeriesRequest(selection, measure, granularity, period, groupBy, request.Per100K);
    }

    public static (Selection Selection, Measure Measure, DatePeriod Base, DatePeriod Comparison) ToQuery(ComparePeriodsRequest request)
    {
        var violations = new FieldViolations();
        var selection = ToSelection(request.Selector, violations);
        var measure = ToMeasure(request.Measure, "measure", violations);
        var basePeriod = ToPeriod(request.BasePeriod, "base_period", violations);
        var comparisonPeriod = ToPeriod(request.ComparisonPeriod, "comparison_period", violations);
        violations.ThrowIfAny();
        return (selection, measure, basePeriod, comparisonPeriod);
    }

    public static (Selection Selection, Measure Measure, DatePeriod Period) ToQuery(GetRateRequest request)
    {
        var violations = new FieldViolations();
        var selection = ToSelection(request.Selector, violations);
        var measure = ToMeasure(request.Measure, "measure", violations);
        var period = ToPeriod(request.Period, "period", violations);
        violations.ThrowIfAny();
        return (selection, measure, period);
    }

    public static PlaceRankRequest ToQuery(RankPlacesRequest request)
    {
        var violations = new FieldViolations();
        var selection = ToSelection(request.Selector, violations);
        var measure = ToMeasure(request.Measure, "measure", violations);
        var period = ToPeriod(request.Period, "period", violations);
        var level = Defaulted(request.Level, PlaceLevel.Unspecified, PlaceLevel.Admin1, "level", violations);
        var orderBy = Defaulted(request.OrderBy, RankOrder.Unspecified, RankOrder.Count, "order_by", violations);
        if (request.Limit < 0)
        {
            violations.Add("limit", "must not be negative (0 lists every place)");
        }

        var comparison = request.ComparisonPeriod is null ? period.Preceding() : ToPeriod(request.ComparisonPeriod, "comparison_period", violations);
        violations.ThrowIfAny();
        return new PlaceRankRequest(selection, measure, period, level, orderBy, request.Limit, comparison);
    }

    public static Selection ToSelection(Selector? selector, FieldViolations violations)
    {
        if (selector is null)
        {
            return Selection.All;
        }

        return new Selection
        {
            Countries = Codes(selector.CountryCodes, "selector.country_codes", violations, code =>
                code.Length == 2 && code.All(char.IsAsciiLetter) ? null : "must be an ISO 3166-1 alpha-2 code such as SV"),
            Admin1 = Codes(selector.Admin1, "selector.admin1", violations, _ => null),
            Admin2 = Codes(selector.Admin2, "selector.admin2", violations, _ => null),
            IncidentTypes = Enums(selector.IncidentTypes, IncidentType.Unspecified, "selector.incident_types", violations),
            VictimCategories = Enums(selector.VictimCategories, VictimCategory.Unspecified, "selector.victim_categories", violations),
            Perpetrators = [.. selector.Perpetrators.Select(PerpetratorKeys.Of).Where(p => p.Length > 0).Distinct()],
        };
    }

    private static Measure ToMeasure(Measure measure, string field, FieldViolations violations) =>
        Defaulted(measure, Measure.Unspecified, Measure.Incidents, field, violations);

    private static TEnum Defaulted<TEnum>(TEnum value, TEnum unspecified, TEnum fallback, string field, FieldViolations violations)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            violations.Add(field, $"unknown value {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}");
            return fallback;
        }

        return value.Equals(unspecified) ? fallback : value;
    }

    private static DatePeriod ToPeriod(Period? period, string field, FieldViolations violations)
    {
        if (period is null)
        {
            violations.Add(field, "is required");
            return default;
        }

        var start = ToDate(period.StartDate, $"{field}.start_date", violations);
        var end = ToDate(period.EndDate, $"{field}.end_date", violations);
        if (start is null || end is null)
        {
            return default;
        }

        var result = new DatePeriod(start.Value, end.Value);
        if (result.End < result.Start)
        {
            violations.Add(field, $"start_date {result.Start:yyyy-MM-dd} is after end_date {result.End:yyyy-MM-dd}");
        }
        else if (result.Days > MaxPeriodDays)
        {
            violations.Add(field, $"spans {result.Days:N0} days; at most {MaxPeriodDays:N0} (50 years) are allowed");
        }

        return result;
    }

    private static DateOnly? ToDate(GoogleDate? date, string field, FieldViolations violations)
    {
        if (date is null)
        {
            violations.Add(field, "is required");
            return null;
        }

        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            violations.Add(field, $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2} is not a full calendar date");
            return null;
        }

        return new DateOnly(date.Year, date.Month, date.Day);
    }

    private static string[] Codes(IEnumerable<string> codes, string field, FieldViolations violations, Func<string, string?> problem)
    {
        var result = new List<string>();
        var index = 0;
        foreach (var raw in codes)
        {
            if (PlaceCodes.Normalize(raw) is not { } code)
            {
                violations.Add($"{field}[{index}]", "must not be empty");
            }
            else if (problem(code) is { } description)
            {
                violations.Add($"{field}[{index}]", $"'{raw}' {description}");
            }
            else if (!result.Contains(code))
            {
                result.Add(code);
            }

            index++;
        }

        return [.. result];
    }

    private static TEnum[] Enums<TEnum>(IEnumerable<TEnum> values, TEnum unspecified, string field, FieldViolations violations)
        where TEnum : struct, Enum
    {
        var result = new List<TEnum>();
        var index = 0;
        foreach (var value in values)
        {
            if (value.Equals(unspecified) || !Enum.IsDefined(value))
            {
                violations.Add($"{field}[{index}]", "must be a specified, known value");
            }
            else if (!result.Contains(value))
            {
                result.Add(value);
            }

            index++;
        }

        return [.. result];
    }
}
