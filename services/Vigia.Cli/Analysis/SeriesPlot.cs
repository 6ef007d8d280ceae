using ScottPlot;

namespace Vigia.Cli.Analysis;

/// <summary>A series drawn as a line over dates, each alert's window shaded red (ScottPlot).</summary>
internal static class SeriesPlot
{
    /// <summary>Alert windows: translucent red over the white background.</summary>
    public static readonly Color AlertShade = Colors.Red.WithAlpha(0.3);

    public static Plot Draw(string title, string valueLabel, IReadOnlyList<(DateOnly Date, double Value)> points, IEnumerable<PlottedAlert> alerts)
    {
        var plot = new Plot();
        foreach (var alert in alerts)
        {
            // A window covers its last day too: shade to the start of the day after.
            var span = plot.Add.HorizontalSpan(X(alert.Start), X(alert.End.AddDays(1)));
            span.FillStyle.Color = AlertShade;
            span.LineStyle.Width = 0;
            span.LegendText = alert.Label;
        }

        var line = plot.Add.Scatter(points.Select(p => X(p.Date)).ToArray(), points.Select(p => p.Value).ToArray());
        line.Color = Colors.Navy;
        line.LineWidth = 2;
        plot.Axes.DateTimeTicksBottom();
        plot.Title(title);
        plot.YLabel(valueLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Writes PNG or SVG, as the file's extension says.</summary>
    public static void Save(Plot plot, FileInfo file, int width, int height)
    {
        if (file.Extension.Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            File.WriteAllText(file.FullName, plot.GetSvgXml(width, height));
        }
        else
        {
            File.WriteAllBytes(file.FullName, plot.GetImageBytes(width, height, ImageFormat.Png));
        }
    }

    private static double X(DateOnly date) => date.ToDateTime(TimeOnly.MinValue).ToOADate();
}
