using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics.Projection;
using Vigia.Statistics.Rates;
using Vigia.Statistics.Series;
using Vigia.Statistics.V1;

namespace Vigia.Statistics.Grpc;

/// <summary>
/// Proto requests to validated queries; every violated field is reported at once. Unspecified
/// enums take their defaults: measure INCIDENTS, granularity DAY, group_by NONE, level ADMIN1,
/// order_by COUNT. A limit of 0 means every place. An absent as_of is "as known now"; <c>now</c> is
/// this server's clock, which a given as_of may not pass.
/// </summary>
public static partial class RequestMapping
{
    /// <summary>50 years of days: longer periods are almost certainly a typo in a year.</summary>
    public const int MaxPeriodDays = (50 * 365) + 13;

    public static TimeSeriesRequest ToQuery(GetTimeSeriesRequest request, DateTimeOffset now)
    {
        var violations = new FieldViolations();
        var selection = ToSelection(request.Selector, violations);
        var measure = ToMeasure(request.Measure, "measure", violations);
        var granularity = Defaulted(request.Granularity, Granularity.Unspecified, Granularity.Day, "granularity", violations);
        var period = ToPeriod(request.Period, "period", violations);
        var groupBy = Defaulted(request.GroupBy, GroupBy.Unspecified, GroupBy.None, "group_by", violations);
        var asOf = violations.AsOf(request.AsOf, "as_of", now);
        violations.ThrowIfAny();
        return new TimeSeriesRequest(selection, measure, granularity, period, groupBy, request.Per100K, asOf);
    }

    public static (Selection Selection, Measure Measure, DatePeriod Base, DatePeriod Comparison, DateTime? AsOf) ToQuery(
        ComparePeriodsRequest request, DateTimeOffset now)
    {
        var violations = new FieldViolations();
        var selection = ToSelection(request.Selector, violations);
        var measure = ToMeasure(request.Measure, "measure", violations);
        var basePeriod = ToPeriod(request.BasePeriod, "base_period", violations);
        var comparisonPeriod = ToPeriod(request.ComparisonPeriod, "comparison_period", violations);
        var asOf = violations.AsOf(request.AsOf, "as_of", now);
        violations.ThrowIfAny();
        return (selection, measure, basePeriod, comparisonPeriod, asOf);
    }

    public static (Selection Selection, Measure Measure, DatePeriod Period, DateTime? AsOf) ToQuery(GetRateRequest request, DateTimeOffset now)
    {
        var violations = new FieldViolations();
        var selection = ToSelection(request.Selector, violations);
        var measure = ToMeasure(request.Measure, "measure", violations);
        var period = ToPeriod(request.Period, "period", violations);
        var asOf = violations.AsOf(request.AsOf, "as_of", now);
        violations.ThrowIfAny();
        return (selection, measure, period, asOf);
    }

    public static PlaceRankRequest ToQuery(RankPlacesRequest request, DateTimeOffset now)
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

        var comparison = request.ComparisonPeriod is null ? default : ToPeriod(request.ComparisonPeriod, "comparison_period", violations);
        if (request.ComparisonPeriod is null && period != default && period.Start.DayNumber < period.Days)
        {
            violations.Add("comparison_period", $"required: no period of {period.Days} days ends before {period.Start:yyyy-MM-dd}");
        }

        var asOf = violations.AsOf(request.AsOf, "as_of", now);
        violations.ThrowIfAny();
        if (request.ComparisonPeriod is null)
        {
            // Only once the period is known to be valid and to have one before it.
            comparison = period.Preceding();
        }

        return new PlaceRankRequest(selection, measure, period, level, orderBy, request.Limit, comparison, asOf);
    }

    private static Selection ToSelection(Selector? selector, FieldViolations violations) => violations.Selector(selector, "selector");

    private static Measure ToMeasure(Measure measure, string field, FieldViolations violations) =>
        violations.Defaulted(measure, Measure.Unspecified, Measure.Incidents, field);

    private static TEnum Defaulted<TEnum>(TEnum value, TEnum unspecified, TEnum fallback, string field, FieldViolations violations)
        where TEnum : struct, Enum => violations.Defaulted(value, unspecified, fallback, field);

    private static DatePeriod ToPeriod(Period? period, string field, FieldViolations violations) =>
        violations.Period(period, field, MaxPeriodDays, "50 years") is var (start, end) ? new DatePeriod(start, end) : default;
}
