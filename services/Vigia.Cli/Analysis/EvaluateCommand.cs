using System.CommandLine;
using Vigia.Common.V1;
using Vigia.Statistics.V1;

namespace Vigia.Cli.Analysis;

/// <summary>
/// <c>vigia evaluate</c>: EvaluateIntervention, its verdict and estimate as a table (or CSV), the event study below, and
/// with <c>--plot</c> a picture of treated against control over time with the start marked (PNG or SVG).
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var query = new QueryOptions();
        var treated = new Option<string[]>("--treated") { Description = "Treated places (SV-SS, or municipality codes); repeatable.", Required = true, AllowMultipleArgumentsPerToken = true };
        var control = new Option<string[]>("--control") { Description = "Control places; repeatable. Default: every other place.", AllowMultipleArgumentsPerToken = true };
        var start = new Option<DateOnly>("--start") { Description = "The day the intervention started (yyyy-MM-dd).", Required = true };
        var granularity = new Option<string>("--granularity", "-g") { Description = "month (default), week or year.", DefaultValueFactory = _ => "month" };
        var plotFile = new Option<FileInfo>("--plot") { Description = "Also draw treated against control to this .png or .svg." };
        var width = new Option<int>("--width") { Description = "Plot width in pixels.", DefaultValueFactory = _ => 1000 };
        var height = new Option<int>("--height") { Description = "Plot height in pixels.", DefaultValueFactory = _ => 500 };
        var command = new Command("evaluate", "Did an intervention work? Difference-in-differences or an interrupted time series, with a verdict.")
        {
            treated, control, start, granularity, plotFile, width, height,
        };
        query.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var request = new EvaluateInterventionRequest
            {
                TreatedPlaces = { result.GetValue(treated) ?? [] },
                ControlPlaces = { result.GetValue(control) ?? [] },
                StartDate = QueryOptions.DateOf(result.GetValue(start)),
                Selector = query.Selector(result),
                Measure = query.MeasureOf(result),
                Period = query.Period(result),
                Granularity = QueryOptions.EnumValue<Granularity>(result.GetValue(granularity)!),
                AsOf = query.AsOfOf(result),
            };
            using var channel = QueryOptions.Channel(result.GetValue(query.Statistics)!);
            var response = await new StatisticsService.StatisticsServiceClient(channel).EvaluateInterventionAsync(request, cancellationToken: ct);

            var csv = result.GetValue(query.Csv);
            TableOutput.Write(Console.Out, csv,
                ["verdict", "method", "effect_percent", "ci_low_percent", "ci_high_percent", "pre_trend_p_value", "treated_places", "control_places"],
                [[
                    response.Explanation, response.Method.ToString(), TableOutput.Number(response.EffectPercent),
                    TableOutput.Number(response.CiLowPercent), TableOutput.Number(response.CiHighPercent),
                    TableOutput.Number(response.PreTrendDegreesOfFreedom > 0 ? response.PreTrendPValue : null),
                    TableOutput.Number(response.TreatedPlaceCount), TableOutput.Number(response.ControlPlaceCount),
                ]]);
            if (!csv)
            {
                Console.Out.WriteLine(response.Reason);
            }

            if (response.EventStudy.Count > 0 && !csv)
            {
                TableOutput.Write(Console.Out, csv: false,
                    ["relative_period", "from", "effect_percent", "ci_low_percent", "ci_high_percent"],
                    response.EventStudy.Select(p => (IReadOnlyList<string>)[
                        TableOutput.Number(p.RelativePeriod), TableOutput.Date(QueryOptions.DateOf(p.Date)),
                        TableOutput.Number(p.EffectPercent), TableOutput.Number(p.CiLowPercent), TableOutput.Number(p.CiHighPercent)]));
            }

            if (result.GetValue(plotFile) is { } file)
            {
                var plot = EvaluationPlot.Draw(
                    $"{string.Join(", ", request.TreatedPlaces)} against {(request.ControlPlaces.Count > 0 ? string.Join(", ", request.ControlPlaces) : "every other place")}: {response.Explanation}",
                    result.GetValue(start), Points(response.TreatedSeries), Points(response.ControlSeries));
                SeriesPlot.Save(plot, file, result.GetValue(width), result.GetValue(height));
                Console.Error.WriteLine($"{response.TreatedSeries.Count} periods drawn to {file.FullName}.");
            }

            return 0;
        });
        return command;
    }

    private static List<(DateOnly Date, double Value)> Points(IEnumerable<Point> points) =>
        [.. points.Select(p => (QueryOptions.DateOf(p.Date), p.Value))];
}
