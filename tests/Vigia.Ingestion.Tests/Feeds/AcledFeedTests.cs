using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Data;
using Vigia.Ingestion.Feeds;
using Vigia.Ingestion.Feeds.Acled;
using Vigia.Ingestion.Reports;
using Vigia.Ingestion.Tests.Support;
using Vigia.ServiceDefaults.Delivery;
using Vigia.Testing;

namespace Vigia.Ingestion.Tests.Feeds;

/// <summary>The ACLED feed against a local server that speaks ACLED's API; each test runs the feed's passes itself.</summary>
public sealed class AcledFeedTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("vigia-acled-tests").FullName;
    private FakeAcledServer _acled = null!;

    public async Task InitializeAsync() => _acled = await FakeAcledServer.StartAsync(_time);

    public async Task DisposeAsync()
    {
        await _acled.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    [Fact]
    public async Task RunAsync_MorePagesThanOne_ReadsEveryPageAndAcceptsEveryEvent()
    {
        for (var i = 1; i <= 5; i++)
        {
            _acled.AddEvent($"SLV{i}", 1_700_000_000 + i);
        }

        await using var host = await StartAsync();
        var read = await RunPassAsync(host);

        Assert.Equal(5, read);
        Assert.Equal([1, 2, 3], _acled.Reads.Select(r => r.Page));
        Assert.Equal(5, await host.QueryAsync(db => db.Reports.CountAsync(r => r.State != ReportState.Rejected)));
    }

    [Fact]
    public async Task RunAsync_SecondPass_AsksOnlyForChangesSinceTheNewestTimestampRead()
    {
        _acled.AddEvent("SLV1", 1_700_000_001);
        _acled.AddEvent("SLV2", 1_700_000_002);
        await using var host = await StartAsync();
        await RunPassAsync(host);
        _acled.AddEvent("SLV3", 1_700_000_010);

        var read = await RunPassAsync(host);

        Assert.Equal(1_700_000_002, _acled.Reads.Last().Timestamp);
        Assert.Equal(2, read);
        Assert.Equal(3, await host.QueryAsync(db => db.Reports.CountAsync()));
        Assert.Equal(1_700_000_010, (await CheckpointAsync(host)).ChangesSince);
    }

    [Fact]
    public async Task RunAsync_AfterARestart_ResumesFromTheStoredCheckpoint()
    {
        _acled.AddEvent("SLV1", 1_700_000_005);
        await using (var first = await StartAsync())
        {
            await RunPassAsync(first);
        }

        _acled.AddEvent("SLV2", 1_700_000_020);
        await using var second = await StartAsync();
        await RunPassAsync(second);

        Assert.Equal([0L, 1_700_000_005L], _acled.Reads.Select(r => r.Timestamp).Distinct());
        Assert.Equal(2, await second.QueryAsync(db => db.Reports.CountAsync()));
    }

    [Fact]
    public async Task RunAsync_ServerAnswers503Once_RetriesAndReadsThePage()
    {
        _acled.AddEvent("SLV1", 1_700_000_001);
        _acled.FailNextReads(1);
        await using var host = await StartAsync();

        var read = await RunPassAsync(host);

        Assert.Equal(1, read);
        Assert.Equal([503, 200], _acled.Reads.Select(r => r.Status));
        Assert.Null((await CheckpointAsync(host)).LastError);
    }

    [Fact]
    public async Task RunAsync_TokenAboutToExpire_IsRefreshedBeforeTheNextRead()
    {
        _acled.TokenLifetimeSeconds = 3_600;
        _acled.AddEvent("SLV1", 1_700_000_001);
        await using var host = await StartAsync(clock: _time);
        await RunPassAsync(host);
        _time.Advance(TimeSpan.FromMinutes(59.5));

        await RunPassAsync(host);

        Assert.Equal(["password", "refresh_token"], _acled.Grants);
        Assert.DoesNotContain(_acled.Reads, r => r.Status == 401);
    }

    [Fact]
    public async Task ListFeeds_AfterAGoodAndAFailedPass_ShowsTheCheckpointAndTheError()
    {
        _acled.AddEvent("SLV1", 1_700_000_007);
        await using (var host = await StartAsync())
        {
            await RunPassAsync(host);
        }

        await using var misconfigured = await StartAsync(password: "wrong");
        await Assert.ThrowsAsync<Refit.ApiRequestException>(() => RunPassAsync(misconfigured));
        var client = new V1.IngestionService.IngestionServiceClient(misconfigured.Channel);

        var feed = Assert.Single((await client.ListFeedsAsync(new V1.ListFeedsRequest())).Feeds);

        Assert.Equal(("acled", 1_700_000_007L, 0), (feed.Name, feed.ChangesSince, feed.LastRunRecords));
        Assert.NotNull(feed.LastRunTime);
        Assert.Contains("400", feed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EventChangedAtTheSource_BecomesACorrectionOfTheSameReport()
    {
        _acled.AddEvent("SLV1", 1_700_000_001, fatalities: 1);
        await using var host = await StartAsync();
        await RunPassAsync(host);
        _acled.AddEvent("SLV1", 1_700_000_050, fatalities: 3);

        await RunPassAsync(host);

        var report = await host.QueryAsync(db => db.Reports.AsNoTracking().SingleAsync());
        Assert.Equal((2, 3), (report.Revision, report.Victims.Single().Count));
        // One event a pass: each pass's announcement takes the live lane.
        var announced = await host.QueryAsync(db => db.Set<OutboxMessage>().Where(m => m.MessageType == typeof(LiveReportsAccepted).FullName)
            .OrderBy(m => m.Sequence).ToListAsync());
        Assert.Equal(2, announced.Count);
        Assert.Equal(2, Assert.Single(announced[1].Read<LiveReportsAccepted>()!.Reports).Revision);
    }

    [Fact]
    public async Task RunAsync_EventDeletedAtTheSource_WithdrawsItsReportOnceAndKeepsTheDeletionCheckpoint()
    {
        _acled.AddEvent("SLV1", 1_700_000_001);
        _acled.AddEvent("SLV2", 1_700_000_002);
        await using var host = await StartAsync();
        await RunPassAsync(host);
        _acled.DeleteEvent("SLV1", 1_700_000_100);

        await RunPassAsync(host);
        await RunPassAsync(host);

        var states = await host.QueryAsync(db => db.Reports.AsNoTracking().OrderBy(r => r.SourceRecordId).Select(r => r.State).ToListAsync());
        Assert.Equal([ReportState.Withdrawn, ReportState.Accepted], states);
        var withdrawals = await host.QueryAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType == typeof(ReportsWithdrawn).FullName).ToListAsync());
        var withdrawn = Assert.Single(Assert.Single(withdrawals).Read<ReportsWithdrawn>()!.Reports);
        Assert.Equal("SLV1", withdrawn.SourceRecordId);
        Assert.Contains("deleted by source acled", withdrawn.Reason, StringComparison.Ordinal);
        Assert.Equal(1_700_000_100, (await CheckpointAsync(host)).DeletionsSince);
        Assert.Equal([0L, 0L, 1_700_000_100L], _acled.DeletionReads);
    }

    [Fact]
    public void ToReport_AcledEventTypes_MapToIncidentTypesAndVictims()
    {
        var killing = AcledEventMapping.ToReport(new AcledEvent
        {
            EventIdCnty = "SLV9",
            EventDate = "2024-03-11",
            EventType = "Violence against civilians",
            SubEventType = "Attack",
            Fatalities = "2",
            Country = "El Salvador",
            Admin1 = "San Miguel",
            Actor1 = "MS-13: Mara Salvatrucha",
        })!;
        var clash = AcledEventMapping.ToReport(new AcledEvent { EventType = "Battles", SubEventType = "Armed clash", Fatalities = "0" })!;
        var protest = AcledEventMapping.ToReport(new AcledEvent { EventType = "Protests", SubEventType = "Peaceful protest", Fatalities = "0" });

        Assert.Equal(Common.V1.IncidentType.Homicide, killing.IncidentType);
        Assert.Equal((Common.V1.VictimCategory.Civilian, 2), (killing.Victims[0].Category, killing.Victims[0].Count));
        Assert.Equal(("acled", "SLV9", 2024, 3, 11), (killing.Source, killing.SourceRecordId, killing.OccurredOn.Year, killing.OccurredOn.Month, killing.OccurredOn.Day));
        Assert.Equal(Common.V1.IncidentType.ArmedConfrontation, clash.IncidentType);
        Assert.Empty(clash.Victims);
        Assert.Null(protest);
    }

    /// <param name="clock">The host's clock; the system clock when null (the resilience handler's backoff waits on it).</param>
    /// <param name="password">The feed's password; the fake server accepts only "secret".</param>
    private Task<InMemoryServiceHost> StartAsync(TimeProvider? clock = null, string password = "secret") =>
        InMemoryServiceHost.StartAsync(
            b => b.AddIngestion(),
            app => app.MapIngestion(),
            b =>
            {
                if (clock is not null)
                {
                    b.Services.AddSingleton(clock);
                }

                // The tests run the passes themselves, one at a time.
                var poller = b.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(AcledFeed));
                b.Services.Remove(poller);
            },
            new Dictionary<string, string?>
            {
                ["Vigia:DataDirectory"] = _dataDirectory,
                ["Vigia:Feeds:acled:BaseUrl"] = _acled.BaseUrl.ToString(),
                ["Vigia:Feeds:acled:Username"] = "desk@example.org",
                ["Vigia:Feeds:acled:Password"] = password,
                ["Vigia:Feeds:acled:Countries"] = "El Salvador",
                ["Vigia:Feeds:acled:PageSize"] = "2",
            });

    private static async Task<int> RunPassAsync(InMemoryServiceHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AcledSync>().RunAsync(CancellationToken.None);
    }

    private static Task<FeedCheckpoint> CheckpointAsync(InMemoryServiceHost host) =>
        host.QueryAsync(db => db.Set<FeedCheckpoint>().AsNoTracking().SingleAsync(c => c.Feed == AcledSync.FeedName));
}
