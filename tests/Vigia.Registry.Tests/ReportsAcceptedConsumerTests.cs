using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Registry.Consumers;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Delivery;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

public class ReportsAcceptedConsumerTests
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);

    private static ListIncidentsRequest June2017(int pageSize = 1000) => new()
    {
        Period = new Period { StartDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 1 }, EndDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 30 } },
        PageSize = pageSize,
    };

    [Fact]
    public async Task Consume_RedeliveredMessage_RecordsNothingTwice()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var batch = Batch(Report("pnc", "a", s_june11), Report("acled", "x", s_june11));
        var messageId = Guid.NewGuid();

        await host.RecordAsync(batch, messageId);
        await host.RedeliverAsync(batch, messageId);

        // The two reports describe one incident: created by the first, merged by the second.
        Assert.Equal(1, await host.QueryAsync(db => db.Incidents.CountAsync()));
        Assert.Equal(2, await host.QueryAsync(db => db.IncidentSources.CountAsync(s => s.Source == "pnc" || s.Source == "acled")));
        Assert.Equal(2, await host.QueryAsync(db => db.IncidentVersions.CountAsync()));
        Assert.Equal(1, await host.OutboxCountAsync<IncidentsChanged>());
        Assert.Equal(1, await host.OutboxCountAsync<ReportsRecorded>());
    }

    /// <summary>
    /// On SQLite a bulk insert prepares one statement per table and gives it each row's values: a row stores its own
    /// values, not the first row's, whether it has a value where the row before had none or none where it had one.
    /// </summary>
    [Fact]
    public async Task Consume_RowsWithAndWithoutOptionalFields_EachStoredWithItsOwnValues()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var bare = Report("pnc", "bare", s_june11, admin1: "SV-SM");
        var full = Report("acled", "full", s_june11.AddDays(3), admin1: "SV-SS", type: IncidentType.Disappearance, perpetrator: "MS13",
            precision: DatePrecision.Week, admin2: "SV-SS-SSA", victims: [(VictimCategory.PoliceOfficer, 2), (VictimCategory.SecurityForceRelative, 1)]);
        var bareAgain = Report("elmundo", "bare-again", s_june11.AddDays(7), admin1: "SV-LL", victims: [(VictimCategory.Soldier, 1)]);

        await host.RecordAsync(Batch(bare, full, bareAgain));

        var stored = (await host.Client.ListIncidentsAsync(June2017())).Incidents.ToDictionary(i => i.Sources.Single().SourceRecordId);
        Assert.Equal(("SV-SM", "", "unknown", IncidentType.Homicide), (stored["bare"].Place.Admin1, stored["bare"].Place.Admin2, stored["bare"].Perpetrator, stored["bare"].IncidentType));
        Assert.Equal((VictimCategory.Civilian, 1), stored["bare"].Victims.Select(v => (v.Category, v.Count)).Single());
        Assert.Equal(("SV-SS", "SV-SS-SSA", "MS13", IncidentType.Disappearance), (stored["full"].Place.Admin1, stored["full"].Place.Admin2, stored["full"].Perpetrator, stored["full"].IncidentType));
        Assert.Equal(DatePrecision.Week, stored["full"].DatePrecision);
        Assert.Equal([(VictimCategory.PoliceOfficer, 2), (VictimCategory.SecurityForceRelative, 1)], stored["full"].Victims.OrderBy(v => v.Category).Select(v => (v.Category, v.Count)));
        Assert.Equal(("SV-LL", "", "unknown"), (stored["bare-again"].Place.Admin1, stored["bare-again"].Place.Admin2, stored["bare-again"].Perpetrator));
        Assert.Equal(DatePrecision.Day, stored["bare-again"].DatePrecision);
        Assert.Equal((VictimCategory.Soldier, 1), stored["bare-again"].Victims.Select(v => (v.Category, v.Count)).Single());
    }

    [Fact]
    public async Task Consume_SameReportInTwoMessages_OneIncident()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var report = Report("pnc", "a", s_june11);

        await host.RecordAsync(Batch(report));
        await host.RecordAsync(Batch(report with { ReportId = Guid.NewGuid() }));

        var incident = Assert.Single((await host.Client.ListIncidentsAsync(June2017())).Incidents);
        Assert.Equal(1, incident.Version);
        Assert.Single(incident.Sources);
        Assert.Equal(1, await host.OutboxCountAsync<IncidentsChanged>());
        await RegistryTestHost.Eventually(() => Task.FromResult(host.Published.ReportsRecorded.Count == 2));
        Assert.All(host.Published.ReportsRecorded, m => Assert.Equal(incident.IncidentId, m.Reports.Single().IncidentId.ToString()));
    }

    [Fact]
    public async Task Consume_TwoSourcesOfOneIncident_OneIncidentKeepsBothSourcesWithTheirNumbers()
    {
        await using var host = await RegistryTestHost.StartAsync();

        await host.RecordAsync(Batch(
            Report("elmundo", "em-1", s_june11, victims: [(VictimCategory.SecurityForceRelative, 3)])));
        await host.RecordAsync(Batch(
            Report("laprensa", "lp-7", s_june11.AddDays(1), perpetrator: "MS13",
                victims: [(VictimCategory.SecurityForceRelative, 2), (VictimCategory.FormerSecurityForce, 1)])));

        var incident = Assert.Single((await host.Client.ListIncidentsAsync(June2017())).Incidents);
        Assert.Equal(2, incident.Version);
        Assert.Equal("MS13", incident.Perpetrator);
        Assert.Equal(
            [(VictimCategory.SecurityForceRelative, 3), (VictimCategory.FormerSecurityForce, 1)],
            incident.Victims.Select(v => (v.Category, v.Count)));
        Assert.Equal(["elmundo", "laprensa"], incident.Sources.Select(s => s.Source));
        Assert.Equal(3, incident.Sources[0].Victims.Single().Count);
        Assert.Equal(2, incident.Sources[1].Victims.Single(v => v.Category == VictimCategory.SecurityForceRelative).Count);
    }

    [Fact]
    public async Task Consume_BatchOf500_500IncidentsAndExactlyOneIncidentsChanged()
    {
        await using var host = await RegistryTestHost.StartAsync();
        string[] departments = ["SV-AH", "SV-CA", "SV-CH", "SV-CU", "SV-LI", "SV-MO", "SV-PA", "SV-SA", "SV-SM", "SV-SO"];
        // 10 departments × 50 days two days apart: no two reports describe the same incident.
        var reports = Enumerable.Range(0, 500)
            .Select(i => Report("pnc", $"r{i}", new DateOnly(2017, 1, 1).AddDays(2 * (i / 10)), admin1: departments[i % 10]))
            .ToArray();

        await host.RecordAsync(Batch(reports));

        Assert.Equal(500, await host.QueryAsync(db => db.Incidents.CountAsync()));
        Assert.Equal(1, await host.OutboxCountAsync<IncidentsChanged>());
        await RegistryTestHost.Eventually(() => Task.FromResult(!host.Published.IncidentsChanged.IsEmpty && !host.Published.ReportsRecorded.IsEmpty));
        var changed = Assert.Single(host.Published.IncidentsChanged);
        Assert.Equal(500, changed.Incidents.Select(i => i.IncidentId).Distinct().Count());
        Assert.All(changed.Incidents, i => Assert.Equal(1, i.Version));
        var recorded = Assert.Single(host.Published.ReportsRecorded);
        Assert.Equal(reports.Select(r => r.ReportId).Order(), recorded.Reports.Select(r => r.ReportId).Order());
    }

    [Fact]
    public async Task Consume_BatchWithTwoSourcesPerIncident_MergesWithinTheBatch()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var reports = Enumerable.Range(0, 100)
            .SelectMany(i => new[]
            {
                Report("pnc", $"p{i}", new DateOnly(2016, 1, 1).AddDays(3 * i)),
                Report("acled", $"a{i}", new DateOnly(2016, 1, 1).AddDays(3 * i)),
            })
            .ToArray();

        await host.RecordAsync(Batch(reports));

        Assert.Equal(100, await host.QueryAsync(db => db.Incidents.CountAsync()));
        Assert.Equal(200, await host.QueryAsync(db => db.IncidentVersions.CountAsync()));
        await RegistryTestHost.Eventually(() => Task.FromResult(!host.Published.IncidentsChanged.IsEmpty));
        var changed = Assert.Single(host.Published.IncidentsChanged);
        Assert.Equal(100, changed.Incidents.Count);
        Assert.All(changed.Incidents, i => Assert.Equal(2, i.Version));
    }
    [Fact]
    public async Task Consume_BatchesQueuedBehindAnotherWriter_RecordedInAtMostTwoTransactionsEachMarkedHandled()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var groupCommit = host.GetRequiredService<GroupCommit<ConsumeContext<ReportsAccepted>>>();
        var batches = Enumerable.Range(0, 4)
            .Select(b => Batch([.. Enumerable.Range(0, 50).Select(i => Report("pnc", $"b{b}-{i}", new DateOnly(2016, 1, 1).AddDays(i), admin1: $"SV-{b}"))]))
            .ToList();

        // Another writer holds the file: the first batch (or a group of the first few) waits in its transaction, the rest
        // behind it.
        var messageIds = new List<Guid>();
        await using (await host.HoldPlacesAsync(("SV", "SV-X")))
        {
            foreach (var batch in batches)
            {
                messageIds.Add(await host.PublishAsync(batch));
            }

            await RegistryTestHost.Eventually(() => Task.FromResult(groupCommit.Pending == 4));
        }

        await host.WaitUntilAsync(async db => await db.Set<InboxMessage>().CountAsync(m => messageIds.Contains(m.MessageId)) == 4);
        Assert.Equal(200, await host.QueryAsync(db => db.Incidents.CountAsync()));
        var transactions = await host.OutboxCountAsync<IncidentsChanged>();
        Assert.InRange(transactions, 1, 2);
        Assert.Equal(transactions, await host.OutboxCountAsync<ReportsRecorded>());
        await RegistryTestHost.Eventually(() => Task.FromResult(
            host.Published.IncidentsChanged.Sum(m => m.Incidents.Count) == 200 && host.Published.ReportsRecorded.Sum(m => m.Reports.Count) == 200));
        Assert.Equal(transactions, host.Published.IncidentsChanged.Count);
        Assert.Equal(
            batches.SelectMany(b => b.Reports).Select(r => r.ReportId).Order(),
            host.Published.ReportsRecorded.SelectMany(m => m.Reports).Select(r => r.ReportId).Order());

        // A grouped message's mark was committed with its group: delivered again, it records nothing.
        await host.RedeliverAsync(batches[2], messageIds[2]);
        Assert.Equal(200, await host.QueryAsync(db => db.IncidentVersions.CountAsync()));
        Assert.Equal(transactions, await host.OutboxCountAsync<IncidentsChanged>());
        Assert.Equal(0, groupCommit.Pending);
    }

    [Fact]
    public async Task Consume_BacklogOnSqlite_OutboxPublishesBetweenTransactions()
    {
        // SQLite has one writer: without turns, the consumer's back-to-back write transactions starve the outbox relay,
        // and IncidentsChanged messages go out in a burst after the backlog (alerts wait for all of it).
        await using var host = await RegistryTestHost.StartAsync();
        Assert.True(await host.QueryAsync(db => Task.FromResult(db.Database.IsSqlite())));
        // Warm up first, so the relay's first publish (bus topology, JIT) is not what is measured.
        await host.RecordAsync(Batch(Report("pnc", "warm-up", s_june11)));
        await host.WaitUntilAsync(db => db.Set<OutboxMessage>().AllAsync(m => m.SentAt != null));
        var warmUpSequence = await host.QueryAsync(db => db.Set<OutboxMessage>().MaxAsync(m => m.Sequence));

        // Batches queued behind a transaction are recorded together, up to GroupCommit.MaxItems reports in one: enough
        // batches that even full groups make at least six transactions.
        const int minTransactions = 6;
        const int batches = minTransactions * (GroupCommit.MaxItems / 500);
        var messageIds = new List<Guid>();
        for (var b = 0; b < batches; b++)
        {
            messageIds.Add(await host.PublishAsync(Batch([.. Enumerable.Range(0, 500).Select(i => Report("pnc", $"b{b}-{i}", new DateOnly(2016, 1, 1).AddDays(i), admin1: $"SV-{b}"))])));
        }

        await host.WaitUntilAsync(async db =>
            await db.Set<InboxMessage>().CountAsync(m => messageIds.Contains(m.MessageId)) == batches
            && await db.Set<OutboxMessage>().AllAsync(m => m.SentAt != null));

        // Transaction k's IncidentsChanged must go out before transaction k + 2 commits: the relay waits one transaction at most.
        var rows = await host.QueryAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.Sequence > warmUpSequence && m.MessageType == typeof(IncidentsChanged).FullName)
            .OrderBy(m => m.Sequence).Select(m => new { m.CreatedAt, SentAt = m.SentAt!.Value }).ToListAsync());
        Assert.True(rows.Count >= minTransactions, $"{batches} batches were recorded in {rows.Count} transactions");
        for (var k = 0; k + 2 < rows.Count; k++)
        {
            Assert.True(rows[k].SentAt < rows[k + 2].CreatedAt, $"transaction {k}'s IncidentsChanged went out at {Time(rows[k].SentAt)}, after transaction {k + 2} wrote its own at {Time(rows[k + 2].CreatedAt)}; sent {string.Join(", ", rows.Select(r => Time(r.SentAt)))}; written {string.Join(", ", rows.Select(r => Time(r.CreatedAt)))}");
        }

        static string Time(DateTime t) => t.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Consume_LaterYearSpreadBatch_FindsStoredIncidentsOfEveryPrecision()
    {
        await using var host = await RegistryTestHost.StartAsync();
        await LaterYearSpreadBatchMergesEveryPrecision(host);
    }

    /// <summary>
    /// Incidents recorded by one batch are found by a later batch spread over the year, whatever their date precision: the
    /// candidate query must reach as far as the merge rule and no further than it matters.
    /// </summary>
    internal static async Task LaterYearSpreadBatchMergesEveryPrecision(RegistryTestHost host)
    {
        await host.RecordAsync(Batch(
            Report("pnc", "day", s_june11),
            Report("acled", "month", new DateOnly(2017, 6, 1), admin1: "SV-SA", precision: DatePrecision.Month),
            Report("acled", "week", new DateOnly(2017, 6, 12), admin1: "SV-LI", precision: DatePrecision.Week),
            Report("pnc", "for-a-month-report", new DateOnly(2017, 6, 20), admin1: "SV-CU"),
            Report("pnc", "no-department", new DateOnly(2017, 6, 5)) with { Admin1 = null }));
        var distractors = Enumerable.Range(0, 40).Select(i => Report("elmundo", $"other-{i}", new DateOnly(2017, 1, 3).AddDays(9 * i), admin1: "SV-SO"));

        await host.RecordAsync(Batch([
            .. distractors,
            Report("elmundo", "next-day", s_june11.AddDays(1)),
            Report("elmundo", "late-in-the-month", new DateOnly(2017, 6, 28), admin1: "SV-SA"),
            Report("elmundo", "same-week", new DateOnly(2017, 6, 15), admin1: "SV-LI"),
            Report("elmundo", "the-month", new DateOnly(2017, 6, 1), admin1: "SV-CU", precision: DatePrecision.Month),
            Report("elmundo", "no-department-next-day", new DateOnly(2017, 6, 6)) with { Admin1 = null },
            Report("elmundo", "three-days-later", s_june11.AddDays(3)),
        ]));

        var sourcesOf = await host.QueryAsync(db => db.IncidentSources.AsNoTracking()
            .GroupBy(s => s.IncidentId)
            .Select(g => g.Select(s => s.SourceRecordId).Order().ToList())
            .ToListAsync());
        var merged = sourcesOf.Where(s => s.Count > 1).Select(s => string.Join("+", s)).Order().ToList();
        Assert.Equal(
            ["day+next-day", "for-a-month-report+the-month", "late-in-the-month+month", "no-department+no-department-next-day", "same-week+week"],
            merged);
        Assert.Equal(5 + 40 + 1, sourcesOf.Count);
    }
}
