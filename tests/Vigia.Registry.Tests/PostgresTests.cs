using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Registry.Consumers;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Testing;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

public class PostgresTests
{
    [SkippableFact]
    public async Task RecordAndList_OnPostgres_MergesBatchAndPagesIt()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        await using var host = await RegistryTestHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });
        Assert.True(await host.QueryAsync(db => Task.FromResult(db.Database.IsNpgsql())));
        var day = new DateOnly(2017, 6, 11);
        var reports = Enumerable.Range(0, 300)
            .SelectMany(i => new[]
            {
                Report("pnc", $"p{i}", day.AddDays(-3 * i), victims: [(VictimCategory.SecurityForceRelative, 1)]),
                Report("elmundo", $"e{i}", day.AddDays(-3 * i), perpetrator: "MS13", victims: [(VictimCategory.SecurityForceRelative, 2)]),
            })
            .ToArray();

        await host.RecordAsync(Batch(reports[..300]));
        await host.RecordAsync(Batch(reports[300..]));
        await host.RecordAsync(Batch(reports[..10]));

        Assert.Equal(300, await host.QueryAsync(db => db.Incidents.CountAsync()));
        var request = new ListIncidentsRequest
        {
            Period = new Period { StartDate = new Google.Type.Date { Year = 2010, Month = 1, Day = 1 }, EndDate = new Google.Type.Date { Year = 2017, Month = 12, Day = 31 } },
            Selector = new Selector { VictimCategories = { VictimCategory.SecurityForceRelative }, Perpetrators = { "MS13" } },
            PageSize = 1000,
        };
        var incidents = new List<Incident>();
        request.PageSize = 128;
        do
        {
            var page = await host.Client.ListIncidentsAsync(request);
            incidents.AddRange(page.Incidents);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(300, incidents.Select(i => i.IncidentId).Distinct().Count());
        Assert.All(incidents, i =>
        {
            Assert.Equal(2, i.Sources.Count);
            Assert.Equal(2, i.Victims.Single().Count);
            Assert.Equal(2, i.Version);
        });
        var sequences = await host.QueryAsync(db => db.IncidentVersions.OrderBy(v => v.Sequence).Select(v => new { v.IncidentId, v.Version }).ToListAsync());
        Assert.Equal(600, sequences.Count);
        Assert.All(sequences.GroupBy(v => v.IncidentId), g => Assert.Equal([1L, 2], g.Select(v => v.Version)));
    }

    /// <summary>
    /// A few new rows go to PostgreSQL as one INSERT, many by binary COPY (BulkInsert.MaxRowsPerStatement): one report
    /// with every field set is stored alone, and its twin on another day among 40 others; both read back the same.
    /// </summary>
    [SkippableFact]
    public async Task Record_OnPostgresOneAndManyNewIncidents_StoredTheSameByInsertAndByCopy()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        await using var host = await RegistryTestHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });
        var day = new DateOnly(2017, 6, 11);
        AcceptedReport Full(string recordId, DateOnly on) => Report(
            "pnc", recordId, on, admin1: "SV-SS", perpetrator: "MS13", precision: DatePrecision.Day, admin2: "SV-SS-SSA",
            victims: [(VictimCategory.PoliceOfficer, 2), (VictimCategory.SecurityForceRelative, 1)]);

        await host.RecordAsync(Batch(Full("alone", day)));
        var many = Enumerable.Range(1, BulkInsert.MaxRowsPerStatement + 8).Select(i => Report("pnc", $"other-{i}", day.AddDays(-10 * i))).ToList();
        many.Add(Full("among-many", day.AddDays(-5)));
        await host.RecordAsync(Batch([.. many]));

        var inserted = await StoredAsync(host, "alone");
        var copied = await StoredAsync(host, "among-many");
        Assert.Equal("SV-SS-SSA", inserted.Incident.Place.Admin2);
        Assert.Equal("MS13", inserted.Incident.Perpetrator);
        Assert.Equal(3, inserted.Incident.Victims.Sum(v => v.Count));
        Assert.Equal(new Google.Type.Date { Year = 2017, Month = 6, Day = 6 }, copied.Incident.OccurredOn);
        Assert.Equal(Normalized(inserted.Incident), Normalized(copied.Incident));
        Assert.Equal(Normalized(inserted.Version.Incident), Normalized(copied.Version.Incident));
        Assert.Equal(inserted.Version.ChangedBy, copied.Version.ChangedBy);
        Assert.Equal(inserted.Version.Kind, copied.Version.Kind);
    }

    private static async Task<(Incident Incident, IncidentVersion Version)> StoredAsync(RegistryTestHost host, string recordId)
    {
        var id = await host.QueryAsync(db => db.IncidentSources.Where(s => s.SourceRecordId == recordId).Select(s => s.IncidentId).SingleAsync());
        var incident = (await host.Client.GetIncidentAsync(new GetIncidentRequest { IncidentId = id.ToString() })).Incident;
        var history = await host.Client.GetIncidentHistoryAsync(new GetIncidentHistoryRequest { IncidentId = id.ToString() });
        return (incident, Assert.Single(history.Versions));
    }

    /// <summary>The incident without what differs between the two twins: ids, day, source record, times.</summary>
    private static Incident Normalized(Incident incident)
    {
        var copy = incident.Clone();
        copy.IncidentId = "";
        copy.OccurredOn = null;
        copy.Description = "";
        copy.CreateTime = null;
        copy.UpdateTime = null;
        foreach (var source in copy.Sources)
        {
            source.SourceRecordId = "";
            source.ReportId = "";
            source.Url = "";
            source.PublishedAt = null;
            source.MergeReason = "";
        }

        return copy;
    }

    [SkippableFact]
    public async Task Consume_OnPostgresTwoReplicasOnePlaceHeld_OtherPlaceRecordsAndSamePlaceWaits()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString };
        await using var first = await RegistryTestHost.StartAsync(settings);
        await using var second = await RegistryTestHost.StartAsync(settings);
        var day = new DateOnly(2017, 6, 11);

        // The first replica is part-way through a batch of San Salvador: its open transaction holds that place.
        var held = await first.HoldPlacesAsync(("SV", "SV-SS"));
        try
        {
            // The second replica records a batch of San Miguel meanwhile: no global lock.
            await second.RecordAsync(Batch(Report("pnc", "sm-1", day, admin1: "SV-SM"), Report("pnc", "sm-2", day.AddDays(5), admin1: "SV-SM")));
            Assert.Equal(2, await second.QueryAsync(db => db.Incidents.CountAsync(i => i.Admin1 == "SV-SM")));

            // A batch of San Salvador waits on the held place's lock, recording nothing yet.
            var samePlace = second.RecordAsync(Batch(Report("pnc", "ss-1", day, admin1: "SV-SS")));
            await second.UntilAWriterWaitsForAPlaceAsync();
            Assert.Equal(0, await second.QueryAsync(db => db.Incidents.CountAsync(i => i.Admin1 == "SV-SS")));

            await held.DisposeAsync();
            await samePlace;
            Assert.Equal(1, await second.QueryAsync(db => db.Incidents.CountAsync(i => i.Admin1 == "SV-SS")));
        }
        finally
        {
            await held.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Consume_OnPostgres_LaterYearSpreadBatchFindsStoredIncidentsOfEveryPrecision()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        await using var host = await RegistryTestHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });

        await ReportsAcceptedConsumerTests.LaterYearSpreadBatchMergesEveryPrecision(host);
    }

    [SkippableFact]
    public async Task Consume_OnPostgresOneReportTheDatabaseRefuses_SetsItAsideAndRecordsTheOthers()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        await using var host = await RegistryTestHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });
        var day = new DateOnly(2017, 6, 11);
        var reports = Enumerable.Range(0, 10).Select(i => Report("pnc", $"r{i}", day.AddDays(-2 * i))).ToArray();
        // Longer than the perpetrator column: a producer that skipped ingestion's checks, or an older one.
        reports[6] = Report("pnc", "r6", day.AddDays(-12), perpetrator: new string('x', 300));

        await host.RecordAsync(Batch(reports));

        Assert.Equal(9, await host.QueryAsync(db => db.Incidents.CountAsync()));
        var setAside = Assert.Single(await host.QueryAsync(db => db.Set<SetAsideItem>().ToListAsync()));
        Assert.Equal((ReportsAcceptedConsumer.Name, $"report {reports[6].ReportId}"), (setAside.Consumer, setAside.ItemKey));
        Assert.Contains("22001", setAside.Reason);
        Assert.Contains(reports[6].ReportId.ToString(), setAside.ItemJson);
        await RegistryTestHost.Eventually(() => Task.FromResult(host.Published.ReportsRecorded.Sum(m => m.Reports.Count) == 9));
    }

    [SkippableFact]
    public async Task Consume_OnPostgresGroupWithAReportTheDatabaseRefuses_EachBatchRecordedOnItsOwnAndOnlyThatReportSetAside()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        await using var host = await RegistryTestHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });
        var groupCommit = host.GetRequiredService<GroupCommit<ConsumeContext<ReportsAccepted>>>();
        var day = new DateOnly(2017, 6, 11);
        var batches = Enumerable.Range(0, 3)
            .Select(b => Batch([.. Enumerable.Range(0, 5).Select(i => Report("pnc", $"b{b}-r{i}", day.AddDays((-20 * b) - (2 * i)), admin1: "SV-SS"))]))
            .ToList();
        // Longer than the perpetrator column: it fails whichever group it is in, and that group's batches go one by one.
        var refused = Report("pnc", "b1-r3", day.AddDays(-26), admin1: "SV-SS", perpetrator: new string('x', 300));
        batches[1] = Batch([.. batches[1].Reports.Select(r => r.SourceRecordId == refused.SourceRecordId ? refused : r)]);

        // Another replica holds San Salvador: the batches gather behind it, at least two of them in one group.
        var messageIds = new List<Guid>();
        await using (await host.HoldPlacesAsync(("SV", "SV-SS")))
        {
            foreach (var batch in batches)
            {
                messageIds.Add(await host.PublishAsync(batch));
            }

            await RegistryTestHost.Eventually(() => Task.FromResult(groupCommit.Pending == 3));
        }

        await host.WaitUntilAsync(async db => await db.Set<InboxMessage>().CountAsync(m => messageIds.Contains(m.MessageId)) == 3);
        Assert.Equal(14, await host.QueryAsync(db => db.Incidents.CountAsync()));
        var setAside = Assert.Single(await host.QueryAsync(db => db.Set<SetAsideItem>().ToListAsync()));
        Assert.Equal((ReportsAcceptedConsumer.Name, messageIds[1], $"report {refused.ReportId}"), (setAside.Consumer, setAside.MessageId, setAside.ItemKey));
        Assert.Contains("22001", setAside.Reason);
        await RegistryTestHost.Eventually(() => Task.FromResult(host.Published.ReportsRecorded.Sum(m => m.Reports.Count) == 14));
        Assert.Equal(0, groupCommit.Pending);
    }

    [SkippableFact]
    public async Task GetIncident_DatabaseTooSlowForTheCall_AnswersUnavailableNotInternal()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry_slow");
        await using var host = await RegistryTestHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString + ";Command Timeout=1" });

        // Another session holds the table: the service's query waits past its command timeout.
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE registry.incidents IN ACCESS EXCLUSIVE MODE", holder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var request = new GetIncidentRequest { IncidentId = Guid.NewGuid().ToString() };
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.GetIncidentAsync(request));

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        await transaction.RollbackAsync();
        var answered = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.GetIncidentAsync(request));
        Assert.Equal(StatusCode.NotFound, answered.StatusCode);
    }
}
