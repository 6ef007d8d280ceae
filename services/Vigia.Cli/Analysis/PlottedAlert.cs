using Vigia.Alerting.V1;
using Vigia.Common.V1;

namespace Vigia.Cli.Analysis;

/// <summary>An alert's window as the plot marks it (both days included).</summary>
internal sealed record PlottedAlert(DateOnly Start, DateOnly End, string Label)
{
    /// <summary>
    /// The alerts to mark on a series: their window overlaps the plotted period, and their series
    /// does not contradict the plotted selector (on each dimension both name values and share none).
    /// </summary>
    public static IEnumerable<PlottedAlert> For(IEnumerable<Alert> alerts, Selector plotted, DateOnly from, DateOnly to) =>
        alerts
            .Select(a => (Alert: a, Start: QueryOptions.DateOf(a.Window.StartDate), End: QueryOptions.DateOf(a.Window.EndDate)))
            .Where(x => x.Start <= to && x.End >= from && Compatible(plotted, x.Alert.Series))
            .Select(x => new PlottedAlert(x.Start, x.End, $"{x.Alert.RuleId}: {x.Alert.Observed:0} observed, {x.Alert.Expected:0.#} expected"));

    private static bool Compatible(Selector plotted, Selector series) =>
        Overlap(plotted.CountryCodes, series.CountryCodes, StringComparer.OrdinalIgnoreCase)
        && Overlap(plotted.Admin1, series.Admin1, StringComparer.OrdinalIgnoreCase)
        && Overlap(plotted.Admin2, series.Admin2, StringComparer.OrdinalIgnoreCase)
        && Overlap(plotted.IncidentTypes, series.IncidentTypes, EqualityComparer<IncidentType>.Default)
        && Overlap(plotted.VictimCategories, series.VictimCategories, EqualityComparer<VictimCategory>.Default)
        && Overlap(plotted.Perpetrators, series.Perpetrators, StringComparer.OrdinalIgnoreCase);

    private static bool Overlap<T>(IReadOnlyCollection<T> a, IReadOnlyCollection<T> b, IEqualityComparer<T> comparer) =>
        a.Count == 0 || b.Count == 0 || a.Intersect(b, comparer).Any();
}
