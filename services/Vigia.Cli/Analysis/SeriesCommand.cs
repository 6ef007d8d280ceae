using System.CommandLine;
using Vigia.Common.V1;
using Vigia.Statistics.V1;

namespace Vigia.Cli.Analysis;

/// <summary><c>vigia series</c>: GetTimeSeries as a table (a row per period, a column per series) or CSV.</summary>
internal static class SeriesCommand
{
    public static Command Create()
    {
        var query = new QueryOptions();
        var granularity = new Option<string>("--granularity", "-g") { Description = "day (default), week, month or year.", DefaultValueFactory = _ => "day" };
        var groupBy = new Option<string>("--group-by") { Description = "none (default), country, admin1, admin2, incident_type, victim_category or perpetrator.", DefaultValueFactory = _ => "none" };
        var per100K = new Option<bool>("--per-100k") { Description = "Each point per 100,000 inhabitants." };
        var command = new Command("series", "Print a time series (counts or rates per 100,000).") { granularity, groupBy, per100K };
        query.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var channel = QueryOptions.Channel(result.GetValue(query.Statistics)!);
            var response = await new StatisticsService.StatisticsServiceClient(channel).GetTimeSeriesAsync(new GetTimeSeriesRequest
            {
                Selector = query.Selector(result),
                Measure = query.MeasureOf(result),
                Granularity = QueryOptions.EnumValue<Granularity>(result.GetValue(granularity)!),
                GroupBy = QueryOptions.EnumValue<GroupBy>(result.GetValue(groupBy)!),
                Period = query.Period(result),
                Per100K = result.GetValue(per100K),
                AsOf = query.AsOfOf(result),
            }, cancellationToken: ct);

            var dates = response.Series.FirstOrDefault()?.Points.Select(p => QueryOptions.DateOf(p.Date)).ToList() ?? [];
            TableOutput.Write(Console.Out, result.GetValue(query.Csv),
                ["date", .. response.Series.Select(s => s.Key)],
                dates.Select((date, i) => (IReadOnlyList<string>)[TableOutput.Date(date), .. response.Series.Select(s => TableOutput.Number(s.Points[i].Value))]));
            return 0;
        });
        return command;
    }
}
