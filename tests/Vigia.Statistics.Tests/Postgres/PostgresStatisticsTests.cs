using Vigia.Common.V1;
using Vigia.Statistics.Tests.Support;
using Vigia.Statistics.V1;
using Vigia.Testing;
using static Vigia.Statistics.Tests.Support.Snapshots;

namespace Vigia.Statistics.Tests.Postgres;

public sealed class PostgresStatisticsTests
{
    [SkippableFact]
    public async Task ProjectionAndGetTimeSeries_OnPostgres_AggregateInTheDatabase()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("statistics");
        await using var host = await StatisticsHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = connectionString,
        });

        var amendedId = Guid.NewGuid();
        var retractedId = Guid.NewGuid();
        var mixed = Homicide("2017-06-12", admin1: "SV-SA") with
        {
            Victims = [new() { Category = VictimCategory.SecurityForceRelative, Count = 2 }, new() { Category = VictimCategory.Civilian, Count = 1 }],
        };
        await host.PublishAndWaitAsync(Batch(
            Homicide("2017-06-05", admin1: "SV-SS", id: amendedId, version: 1),
            Homicide("2017-06-06", admin1: "SV-SS", id: retractedId, version: 1),
            Homicide("2017-06-11", admin1: "SV-SM", victims: 4),
            mixed));
        // Amend one into the next week and another department, retract the other, then replay a stale version.
        await host.PublishAsync(Batch(
            Homicide("2017-06-13", admin1: "SV-SM", id: amendedId, version: 2),
            Homicide("2017-06-06", admin1: "SV-SS", id: retractedId, version: 2) with { Retracted = true }));
        await host.PublishAsync(Batch(Homicide("2017-06-05", admin1: "SV-SS", id: amendedId, version: 1)));

        var expectedWeeks = new Dictionary<string, double[]> { ["SV-SA"] = [0, 1], ["SV-SM"] = [1, 1] };
        await StatisticsHost.EventuallyAsync(async () =>
        {
            var weeks = await WeeklyByAdmin1Async(host);
            return weeks.Count == 2 && expectedWeeks.All(e => weeks.TryGetValue(e.Key, out var v) && v.SequenceEqual(e.Value));
        }, "the amendment and the retraction to be applied on PostgreSQL");

        var byCategory = await host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Measure = Measure.Victims,
            Granularity = Granularity.Month,
            Period = StatisticsHost.Period("2017-06-01", "2017-06-30"),
            GroupBy = GroupBy.VictimCategory,
        });
        var relatives = await host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = new Selector { VictimCategories = { VictimCategory.SecurityForceRelative }, Perpetrators = { "ms13" } },
            Measure = Measure.Incidents,
            Granularity = Granularity.Day,
            Period = StatisticsHost.Period("2017-06-11", "2017-06-13"),
        });

        Assert.Equal(new Dictionary<string, double> { ["civilian"] = 6, ["security_force_relative"] = 2 },
            byCategory.Series.ToDictionary(s => s.Key, s => Assert.Single(s.Points).Value));
        Assert.Equal([0d, 1, 0], Assert.Single(relatives.Series).Points.Select(p => p.Value));
    }

    private static async Task<Dictionary<string, double[]>> WeeklyByAdmin1Async(StatisticsHost host)
    {
        var response = await host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Measure = Measure.Incidents,
            Granularity = Granularity.Week,
            Period = StatisticsHost.Period("2017-06-05", "2017-06-18"),
            GroupBy = GroupBy.Admin1,
        });
        return response.Series.ToDictionary(s => s.Key, s => s.Points.Select(p => p.Value).ToArray());
    }
}
