using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Testing;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

/// <summary>
/// The registry's two lanes for accepted reports: the live lane (<see cref="LiveReportsAccepted"/>) is recorded beside
/// the bulk lane, not behind it, several live batches at once, and the two lanes may record a report's revisions in
/// either order.
/// </summary>
public class LiveLaneTests
{
    private static readonly DateOnly s_day = new(2017, 6, 11);

    [Fact]
    public async Task Consume_CorrectionOnTheLiveLaneBeforeTheOriginalOnTheBulkLane_IncidentKeepsTheCorrection()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var original = Report("pnc", "a", s_day, victims: [(Common.V1.VictimCategory.Civilian, 1)]);
        var correction = original with { Revision = 2, Victims = [new VictimCount { Category = Common.V1.VictimCategory.Civilian, Count = 4 }] };

        await host.RecordLiveAsync(Live(correction));
        await host.RecordAsync(Batch(original));

        var incident = await host.QueryAsync(db => db.Incidents.Include(i => i.Sources).SingleAsync());
        Assert.Equal((4, 1L), (incident.Victims.Single().Count, incident.Version));
        Assert.Equal(2, incident.Sources.Single().Revision);
    }

    [SkippableFact]
    public Task Consume_OnPostgresBulkLaneStuckOnAHeldPlace_LiveBatchIsRecordedMeanwhile() =>
        WhileAnotherReplicaHoldsSanSalvadorAsync(recordedInTheEnd: 3, async host =>
        {
            // This replica's bulk lane takes a batch of San Salvador (it waits for the place) and has a batch of San
            // Miguel queued behind it: the lane commits one group at a time, so the second waits for the first's
            // group once the first is under way (published together, either could have gone first).
            await host.PublishAsync(Batch(Report("pnc", "ss-bulk", s_day, admin1: "SV-SS")));
            await host.UntilAWriterWaitsForAPlaceAsync();
            await host.PublishAsync(Batch(Report("pnc", "sm-bulk", s_day, admin1: "SV-SM")));

            // A report of San Miguel typed in at a desk is recorded while the bulk lane still waits.
            await host.RecordLiveAsync(Live(Report("pnc", "sm-live", s_day.AddDays(3), admin1: "SV-SM")));

            Assert.Equal(["sm-live"], await RecordedAsync(host));
        });

    [SkippableFact]
    public Task Consume_OnPostgresLiveBatchWaitingForItsPlace_LiveBatchOfAnotherPlaceIsNotBehindIt() =>
        WhileAnotherReplicaHoldsSanSalvadorAsync(recordedInTheEnd: 2, async host =>
        {
            await host.PublishAsync(Live(Report("pnc", "ss-live", s_day, admin1: "SV-SS")));

            // The next live report, of San Miguel, does not queue behind the one waiting for San Salvador.
            await host.RecordLiveAsync(Live(Report("pnc", "sm-live", s_day, admin1: "SV-SM")));

            Assert.Equal(["sm-live"], await RecordedAsync(host));
        });

    /// <summary>
    /// Two registry replicas on one PostgreSQL database: the other is part-way through a batch of San Salvador (its
    /// transaction holds the place) while <paramref name="meanwhile"/> runs on this one; then it lets go, and every
    /// report is recorded in the end.
    /// </summary>
    private static async Task WhileAnotherReplicaHoldsSanSalvadorAsync(int recordedInTheEnd, Func<RegistryTestHost, Task> meanwhile)
    {
        TestServers.RequirePostgres();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = await TestServers.CreateDatabaseAsync("registry") };
        await using var other = await RegistryTestHost.StartAsync(settings);
        await using var host = await RegistryTestHost.StartAsync(settings);
        var held = await other.HoldPlacesAsync(("SV", "SV-SS"));
        try
        {
            await meanwhile(host);
        }
        finally
        {
            await held.DisposeAsync();
        }

        await RegistryTestHost.Eventually(async () => (await RecordedAsync(host)).Count == recordedInTheEnd);
    }

    private static Task<List<string>> RecordedAsync(RegistryTestHost host) =>
        host.QueryAsync(db => db.IncidentSources.Select(s => s.SourceRecordId).ToListAsync());

    private static LiveReportsAccepted Live(params AcceptedReport[] reports) => new() { BatchId = Guid.NewGuid(), Reports = reports };
}
