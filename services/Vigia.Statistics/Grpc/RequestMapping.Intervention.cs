using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics.Interventions;
using Vigia.Statistics.Projection;
using Vigia.Statistics.V1;

namespace Vigia.Statistics.Grpc;

/// <summary>
/// EvaluateIntervention's request. Place codes with a hyphen are departments (ISO 3166-2, "SV-SM"),
/// others municipalities ("0511"); one evaluation compares places of one level. Granularity DAY is
/// refused: daily counts of most places are too sparse for a panel, and a day has no season.
/// </summary>
public static partial class RequestMapping
{
    public static InterventionRequest ToQuery(EvaluateInterventionRequest request, DateTimeOffset now)
    {
        var violations = new FieldViolations();
        var treated = PlaceList(request.TreatedPlaces, "treated_places", violations);
        var controls = PlaceList(request.ControlPlaces, "control_places", violations);
        if (treated.Count == 0 && !violations.All.Any(v => v.Field.StartsWith("treated_places", StringComparison.Ordinal)))
        {
            violations.Add("treated_places", "name at least one place");
        }

        for (var i = 0; i < controls.Count; i++)
        {
            if (treated.Contains(controls[i]))
            {
                violations.Add($"control_places[{i}]", $"'{controls[i]}' is also a treated place");
            }
        }

        var municipalities = treated.Count > 0 && !IsDepartment(treated[0]);
        foreach (var (codes, field) in new[] { (treated, "treated_places"), (controls, "control_places") })
        {
            for (var i = 0; i < codes.Count && treated.Count > 0; i++)
            {
                if (IsDepartment(codes[i]) == municipalities)
                {
                    violations.Add($"{field}[{i}]", $"'{codes[i]}' is a {(municipalities ? "department" : "municipality")}; every place must be a {(municipalities ? "municipality" : "department")} like treated_places[0]");
                }
            }
        }

        var start = violations.Date(request.StartDate, "start_date");
        var selection = ToSelection(request.Selector, violations);
        var measure = ToMeasure(request.Measure, "measure", violations);
        var period = ToPeriod(request.Period, "period", violations);
        var granularity = Defaulted(request.Granularity, Granularity.Unspecified, Granularity.Month, "granularity", violations);
        if (granularity == Granularity.Day)
        {
            violations.Add("granularity", "must be WEEK, MONTH or YEAR (daily counts are too sparse for a panel)");
        }

        if (start is { } day && period.Days > 0 && (day <= period.Start || day > period.End))
        {
            violations.Add("start_date", $"{day:yyyy-MM-dd} must fall after the first day of the period {period} and within it");
        }

        var asOf = violations.AsOf(request.AsOf, "as_of", now);
        violations.ThrowIfAny();
        return new InterventionRequest(treated, controls, municipalities, start!.Value, selection, measure, period, granularity, asOf);
    }

    private static bool IsDepartment(string code) => code.Contains('-', StringComparison.Ordinal);

    private static List<string> PlaceList(IEnumerable<string> codes, string field, FieldViolations violations)
    {
        var result = new List<string>();
        var index = 0;
        foreach (var raw in codes)
        {
            if (SelectorValues.PlaceCode(raw) is not { } code)
            {
                violations.Add($"{field}[{index}]", "must not be empty");
            }
            else if (!result.Contains(code))
            {
                result.Add(code);
            }

            index++;
        }

        return result;
    }
}
