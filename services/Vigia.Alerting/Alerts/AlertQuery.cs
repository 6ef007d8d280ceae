using Vigia.Alerting.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Alerts;

/// <summary>ListAlerts' filters, checked: each is off when unset.</summary>
/// <param name="Window">Alerts whose window overlaps these days.</param>
/// <param name="Series">Alerts whose series lies inside this selection.</param>
public sealed record AlertQuery(AlertState State, string RuleId, (DateOnly From, DateOnly To)? Window, Selection? Series, Severity MinSeverity)
{
    /// <summary>The longest period a listing may name: the contract's dates span far less than this.</summary>
    public const int MaxPeriodDays = 366 * 100;

    public static AlertQuery From(ListAlertsRequest request)
    {
        var violations = new FieldViolations();
        var state = violations.Defaulted(request.State, AlertState.Unspecified, AlertState.Unspecified, "state");
        var severity = violations.Defaulted(request.MinSeverity, Severity.Unspecified, Severity.Unspecified, "min_severity");
        var window = request.Period is null ? null : violations.Period(request.Period, "period", MaxPeriodDays);
        var series = request.Selector is null ? null : violations.Selector(request.Selector, "selector");
        violations.Text(request.RuleId, "rule_id", 100);
        violations.ThrowIfAny();
        return new AlertQuery(state, request.RuleId.Trim(), window, series, severity);
    }
}
