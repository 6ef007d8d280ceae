using ScottPlot;

namespace Vigia.Cli.Analysis;

/// <summary>
/// An evaluation drawn as treated against control over time, the intervention date marked (ScottPlot). Each line is an
/// index of its own mean before the start (= 100): the places' totals differ in size, and what a difference-in-differences
/// compares is how they moved, so parallel lines before the start and a gap after are what the eye should find.
/// </summary>
internal static class EvaluationPlot
{
    public static readonly Color Treated = Colors.Crimson;
    public static readonly Color Control = Colors.SteelBlue;
    public static readonly Color Start = Colors.Black;

    public static Plot Draw(
        string title, DateOnly start, IReadOnlyList<(DateOnly Date, double Value)> treated, IReadOnlyList<(DateOnly Date, double Value)> control)
    {
        var plot = new Plot();
        AddIndexed(plot, treated, start, "treated places", Treated);
        AddIndexed(plot, control, start, "control places", Control);

        var marker = plot.Add.VerticalLine(X(start));
        marker.Color = Start;
        marker.LinePattern = LinePattern.Dashed;
        marker.LineWidth = 2;
        marker.LegendText = $"start {TableOutput.Date(start)}";

        plot.Axes.DateTimeTicksBottom();
        plot.Title(title);
        plot.YLabel("index (mean before the start = 100)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>The series as percentages of its mean before <paramref name="start"/>; as counts when it had none before.</summary>
    public static IReadOnlyList<(DateOnly Date, double Value)> Indexed(IReadOnlyList<(DateOnly Date, double Value)> series, DateOnly start)
    {
        var before = series.Where(p => p.Date < start).Select(p => p.Value).ToList();
        var mean = before.Count > 0 ? before.Average() : 0;
        return mean > 0 ? [.. series.Select(p => (p.Date, p.Value / mean * 100))] : series;
    }

    private static void AddIndexed(Plot plot, IReadOnlyList<(DateOnly Date, double Value)> series, DateOnly start, string label, Color color)
    {
        if (series.Count == 0)
        {
            // An interrupted time series has no control places.
            return;
        }

        var indexed = Indexed(series, start);
        var line = plot.Add.Scatter(indexed.Select(p => X(p.Date)).ToArray(), indexed.Select(p => p.Value).ToArray());
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = 4;
        line.LegendText = label;
    }

    private static double X(DateOnly date) => date.ToDateTime(TimeOnly.MinValue).ToOADate();
}
