using System.Globalization;
using Vigia.Statistics.V1;

namespace Vigia.Statistics.Interventions;

/// <summary>
/// Chooses the method and answers EvaluateIntervention: difference-in-differences when there are
/// control places, an interrupted time series of the treated places' total when there are none.
/// Before fitting it checks that the data can carry the method; when they cannot, the verdict is
/// "the data cannot tell" and the reason names what is missing.
/// </summary>
public sealed class InterventionEvaluation(CountPanelQuery panels)
{
    /// <summary>Errors clustered by place are unreliable with fewer clusters (Cameron and Miller, 2015).</summary>
    public const int MinPlaces = 10;

    /// <summary>With one treated (or control) place its clustered error rests on a single cluster.</summary>
    public const int MinPlacesPerGroup = 2;

    /// <summary>Fewer events than this before or after the start give an interval too wide to say anything.</summary>
    public const int MinEvents = 10;

    /// <summary>After the start an interrupted time series needs a few periods to see a slope.</summary>
    public const int MinSeriesPostPeriods = 3;

    public async Task<InterventionResult> RunAsync(InterventionRequest request, CancellationToken ct) =>
        Evaluate((await panels.RunAsync(request, ct)).WithoutEmptyPlacesOrPeriods());

    /// <summary>Evaluates a panel already built (the tests feed simulated panels here).</summary>
    public static InterventionResult Evaluate(CountPanel panel)
    {
        var treatedPlaces = panel.Treated.Count(t => t);
        var controlPlaces = panel.Treated.Count(t => !t);
        var summary = new InterventionResult
        {
            Method = controlPlaces == 0 ? EvaluationMethod.InterruptedTimeSeries : EvaluationMethod.DifferenceInDifferences,
            Verdict = Verdict.CannotTell,
            Reason = "",
            TreatedPlaceCount = treatedPlaces,
            ControlPlaceCount = controlPlaces,
            PrePeriodCount = panel.PrePeriodCount,
            PostPeriodCount = panel.PostPeriodCount,
            TreatedTotal = panel.Total(treated: true, post: false) + panel.Total(treated: true, post: true),
            ControlTotal = panel.Total(treated: false, post: false) + panel.Total(treated: false, post: true),
            Periods = panel.Periods,
            TreatedSeries = panel.SeriesOf(treated: true),
            ControlSeries = panel.SeriesOf(treated: false),
        };
        return summary.Method == EvaluationMethod.InterruptedTimeSeries ? SeriesEvaluation(panel, summary) : PanelEvaluation(panel, summary);
    }

    private static InterventionResult PanelEvaluation(CountPanel panel, InterventionResult summary)
    {
        const string Why = "Difference-in-differences: Poisson regression with place and period effects, errors clustered by place.";
        var windowsBefore = panel.RelativePeriods.Where(r => r < 0).Select(r => (int)Math.Floor(r / (double)panel.PeriodsPerYear)).Distinct().Count();
        var missing = Missing([
            (summary.TreatedPlaceCount + summary.ControlPlaceCount < MinPlaces, $"{summary.TreatedPlaceCount + summary.ControlPlaceCount} places with counts (errors clustered by place need at least {MinPlaces})"),
            (summary.TreatedPlaceCount < MinPlacesPerGroup, $"{summary.TreatedPlaceCount} treated places with counts (at least {MinPlacesPerGroup} are needed)"),
            (summary.ControlPlaceCount < MinPlacesPerGroup, $"{summary.ControlPlaceCount} control places with counts (at least {MinPlacesPerGroup} are needed)"),
            (windowsBefore < 2, $"the panel reaches {panel.PrePeriodCount} periods before the start (testing parallel trends needs more than a year of them)"),
            (panel.PostPeriodCount == 0, "no whole period after the start"),
            .. EventChecks(panel, includeControls: true)]);
        if (missing is not null)
        {
            return summary with { Reason = $"{Why} The data cannot tell: {missing}." };
        }

        if (DifferenceInDifferences.Estimate(panel) is not { } estimate)
        {
            return summary with { Reason = $"{Why} The data cannot tell: the regression did not converge." };
        }

        if (estimate.PreTrendDegreesOfFreedom == 0)
        {
            return summary with { Reason = $"{Why} The data cannot tell: too few places to test {estimate.EventStudy.Count(w => w.RelativePeriod < 0) - 1} pre-period windows jointly." };
        }

        return EvaluationVerdict.Decide(summary with
        {
            Reason = Why,
            Estimated = true,
            LogEffect = estimate.LogEffect,
            StandardError = estimate.StandardError,
            AbsoluteEffect = estimate.AbsoluteEffect,
            EventStudy = estimate.EventStudy,
            PreTrendChiSquare = estimate.PreTrendChiSquare,
            PreTrendDegreesOfFreedom = estimate.PreTrendDegreesOfFreedom,
            PreTrendPValue = estimate.PreTrendPValue,
        });
    }

    private static InterventionResult SeriesEvaluation(CountPanel panel, InterventionResult summary)
    {
        const string Why = "Interrupted time series (no control places): segmented quasi-Poisson regression of the treated places' total with trend, level and slope change, season and over-dispersion; the effect is the change at the middle of the period after the start, and no pre-trend test is possible without controls.";
        var minPre = panel.Granularity == Common.V1.Granularity.Year ? 5 : 2 * panel.PeriodsPerYear;
        var missing = Missing([
            (summary.TreatedPlaceCount == 0, "no treated place has counts"),
            (panel.PrePeriodCount < minPre, $"{panel.PrePeriodCount} periods before the start (trend and season need at least {minPre})"),
            (panel.PostPeriodCount < MinSeriesPostPeriods, $"{panel.PostPeriodCount} periods after the start (at least {MinSeriesPostPeriods} are needed)"),
            .. EventChecks(panel, includeControls: false)]);
        if (missing is not null)
        {
            return summary with { Reason = $"{Why} The data cannot tell: {missing}." };
        }

        if (InterruptedTimeSeries.Estimate(panel.SeriesOf(treated: true), panel.Periods, panel.RelativePeriods, panel.Granularity) is not { } estimate)
        {
            return summary with { Reason = $"{Why} The data cannot tell: the regression did not converge." };
        }

        return EvaluationVerdict.Decide(summary with
        {
            Reason = string.Create(CultureInfo.InvariantCulture, $"{Why} Over-dispersion {estimate.Dispersion:0.##}."),
            Estimated = true,
            LogEffect = estimate.LogEffect,
            StandardError = estimate.StandardError,
            AbsoluteEffect = estimate.AbsoluteEffect,
        });
    }

    private static (bool, string)[] EventChecks(CountPanel panel, bool includeControls)
    {
        var checks = new List<(bool, string)>
        {
            (panel.Total(treated: true, post: false) < MinEvents, $"{panel.Total(true, false):0} events in the treated places before the start (at least {MinEvents} are needed)"),
            (panel.Total(treated: true, post: true) < MinEvents, $"{panel.Total(true, true):0} events in the treated places after the start (at least {MinEvents} are needed)"),
        };
        if (includeControls)
        {
            checks.Add((panel.Total(treated: false, post: false) < MinEvents, $"{panel.Total(false, false):0} events in the control places before the start (at least {MinEvents} are needed)"));
            checks.Add((panel.Total(treated: false, post: true) < MinEvents, $"{panel.Total(false, true):0} events in the control places after the start (at least {MinEvents} are needed)"));
        }

        return [.. checks];
    }

    private static string? Missing((bool Failed, string Description)[] checks)
    {
        var failed = checks.Where(c => c.Failed).Select(c => c.Description).ToList();
        return failed.Count == 0 ? null : string.Join("; ", failed);
    }
}
