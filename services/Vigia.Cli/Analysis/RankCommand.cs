using System.CommandLine;
using System.Globalization;
using Vigia.Statistics.V1;

namespace Vigia.Cli.Analysis;

/// <summary><c>vigia rank</c>: RankPlaces, departments or municipalities by count, rate or change.</summary>
internal static class RankCommand
{
    public static Command Create()
    {
        var query = new QueryOptions();
        var level = new Option<string>("--level") { Description = "admin1 (default) or admin2.", DefaultValueFactory = _ => "admin1" };
        var orderBy = new Option<string>("--by") { Description = "count (default), rate or change.", DefaultValueFactory = _ => "count" };
        var limit = new Option<int>("--limit", "-n") { Description = "How many places (0: all).", DefaultValueFactory = _ => 10 };
        var command = new Command("rank", "Rank places by count, rate per 100,000 or change against the period before.") { level, orderBy, limit };
        query.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var channel = QueryOptions.Channel(result.GetValue(query.Statistics)!);
            var response = await new StatisticsService.StatisticsServiceClient(channel).RankPlacesAsync(new RankPlacesRequest
            {
                Selector = query.Selector(result),
                Measure = query.MeasureOf(result),
                Period = query.Period(result),
                Level = QueryOptions.EnumValue<PlaceLevel>(result.GetValue(level)!),
                OrderBy = QueryOptions.EnumValue<RankOrder>(result.GetValue(orderBy)!),
                Limit = result.GetValue(limit),
                AsOf = query.AsOfOf(result),
            }, cancellationToken: ct);

            TableOutput.Write(Console.Out, result.GetValue(query.Csv),
                ["rank", "admin1", "admin2", "count", "rate_per_100k", "comparison_count", "percent_change"],
                response.Places.Select((p, i) => (IReadOnlyList<string>)[
                    (i + 1).ToString(CultureInfo.InvariantCulture), p.Place.Admin1, p.Place.Admin2, TableOutput.Number(p.Count),
                    TableOutput.Number(p.HasRatePer100K ? p.RatePer100K : null), TableOutput.Number(p.ComparisonCount),
                    TableOutput.Number(p.HasPercentChange ? p.PercentChange : null)]));
            return 0;
        });
        return command;
    }
}
