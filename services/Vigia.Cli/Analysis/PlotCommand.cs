using System.CommandLine;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Statistics.V1;

namespace Vigia.Cli.Analysis;

/// <summary><c>vigia plot</c>: a series from statistics with the alerts from alerting marked, as PNG or SVG.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var query = new QueryOptions();
        var alerting = new Option<string>("--alerting") { Description = "Address of the alerting service.", DefaultValueFactory = _ => "http://localhost:5104" };
        var granularity = new Option<string>("--granularity", "-g") { Description = "day (default), week, month or year.", DefaultValueFactory = _ => "day" };
        var per100K = new Option<bool>("--per-100k") { Description = "Each point per 100,000 inhabitants." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The image to write: .png or .svg.", Required = true };
        var width = new Option<int>("--width") { Description = "Width in pixels.", DefaultValueFactory = _ => 1000 };
        var height = new Option<int>("--height") { Description = "Height in pixels.", DefaultValueFactory = _ => 500 };
        var command = new Command("plot", "Draw a series with its alerts marked.") { alerting, granularity, per100K, output, width, height };
        query.AddTo(command, csv: false);
        command.SetAction(async (result, ct) =>
        {
            var selector = query.Selector(result);
            var (from, to) = (result.GetValue(query.From), result.GetValue(query.To));
            using var statisticsChannel = QueryOptions.Channel(result.GetValue(query.Statistics)!);
            var series = await new StatisticsService.StatisticsServiceClient(statisticsChannel).GetTimeSeriesAsync(new GetTimeSeriesRequest
            {
                Selector = selector,
                Measure = query.MeasureOf(result),
                Granularity = QueryOptions.EnumValue<Granularity>(result.GetValue(granularity)!),
                Period = query.Period(result),
                Per100K = result.GetValue(per100K),
                AsOf = query.AsOfOf(result),
            }, cancellationToken: ct);

            using var alertingChannel = QueryOptions.Channel(result.GetValue(alerting)!);
            var alerts = PlottedAlert.For(await AllAlertsAsync(new AlertingService.AlertingServiceClient(alertingChannel), ct), selector, from, to).ToList();

            var points = series.Series.Single().Points.Select(p => (QueryOptions.DateOf(p.Date), p.Value)).ToList();
            var measure = result.GetValue(query.Measure)!;
            var plot = SeriesPlot.Draw($"{measure} {TableOutput.Date(from)} to {TableOutput.Date(to)}", result.GetValue(per100K) ? $"{measure} per 100,000" : measure, points, alerts);
            var file = result.GetValue(output)!;
            SeriesPlot.Save(plot, file, result.GetValue(width), result.GetValue(height));
            Console.Error.WriteLine($"{points.Count} points and {alerts.Count} alerts drawn to {file.FullName}.");
            return 0;
        });
        return command;
    }

    private static async Task<List<Alert>> AllAlertsAsync(AlertingService.AlertingServiceClient client, CancellationToken ct)
    {
        var alerts = new List<Alert>();
        var token = "";
        do
        {
            var page = await client.ListAlertsAsync(new ListAlertsRequest { PageSize = 500, PageToken = token }, cancellationToken: ct);
            alerts.AddRange(page.Alerts);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return alerts;
    }
}
