using System.CommandLine;
using Vigia.Statistics.V1;

namespace Vigia.Cli.Analysis;

/// <summary><c>vigia compare</c>: ComparePeriods, the base period against the comparison period.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var query = new QueryOptions();
        var compareFrom = new Option<DateOnly>("--compare-from") { Description = "First day of the comparison period.", Required = true };
        var compareTo = new Option<DateOnly>("--compare-to") { Description = "Last day of the comparison period.", Required = true };
        var command = new Command("compare", "Compare a base period (--from/--to) with a comparison period.") { compareFrom, compareTo };
        query.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var channel = QueryOptions.Channel(result.GetValue(query.Statistics)!);
            var response = await new StatisticsService.StatisticsServiceClient(channel).ComparePeriodsAsync(new ComparePeriodsRequest
            {
                Selector = query.Selector(result),
                Measure = query.MeasureOf(result),
                BasePeriod = query.Period(result),
                ComparisonPeriod = QueryOptions.PeriodOf(result.GetValue(compareFrom), result.GetValue(compareTo)),
                AsOf = query.AsOfOf(result),
            }, cancellationToken: ct);

            TableOutput.Write(Console.Out, result.GetValue(query.Csv),
                ["base_total", "comparison_total", "absolute_change", "percent_change", "base_rate_per_100k", "comparison_rate_per_100k"],
                [[
                    TableOutput.Number(response.BaseTotal), TableOutput.Number(response.ComparisonTotal), TableOutput.Number(response.AbsoluteChange),
                    TableOutput.Number(response.HasPercentChange ? response.PercentChange : null),
                    TableOutput.Number(response.HasBaseRatePer100K ? response.BaseRatePer100K : null),
                    TableOutput.Number(response.HasComparisonRatePer100K ? response.ComparisonRatePer100K : null),
                ]]);
            return 0;
        });
        return command;
    }
}
