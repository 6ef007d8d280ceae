using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.Registry.Data;
using Vigia.Registry.Incidents;
using Vigia.Testing;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

/// <summary>
/// The merge candidates a batch loads: what the merge rule could pick, and not what it never could (incidents the
/// report's own source fed), so a source back-filling a busy department-day does not load its own earlier records.
/// </summary>
public class MergeCandidateQueriesTests
{
    [Fact]
    public Task Candidates_OnSqlite_LeaveOutIncidentsTheReportsSourceFed() => CandidatesLeaveOutOwnSource(settings: null);

    [SkippableFact]
    public async Task Candidates_OnPostgres_LeaveOutIncidentsTheReportsSourceFed()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        await CandidatesLeaveOutOwnSource(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });
    }

    [Fact]
    public Task Candidates_OnSqliteIncidentsStoredBeforeTheirSoleSource_LeaveOutThoseTheReportsSourceFed() =>
        CandidatesLeaveOutOwnSource(settings: null, forgetSoleSources: true);

    [SkippableFact]
    public async Task Candidates_OnPostgresIncidentsStoredBeforeTheirSoleSource_LeaveOutThoseTheReportsSourceFed()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        await CandidatesLeaveOutOwnSource(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString }, forgetSoleSources: true);
    }

    /// <summary>
    /// An incident names its source while one source fed it, none once a second did, and after a split each side names
    /// the one source left to it: a report of the source split away is then a candidate for the incident it left.
    /// </summary>
    [Fact]
    public async Task SoleSource_AfterCreateMergeAndSplit_NamesTheOneSourceLeft()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var day = new DateOnly(2017, 6, 11);
        await host.RecordAsync(Batch(Report("pnc", "p1", day)));
        var id = await host.QueryAsync(db => db.Incidents.Select(i => i.Id).SingleAsync());
        Assert.Equal("pnc", await SoleSourceAsync(host, id));

        await host.RecordAsync(Batch(Report("diario", "d1", day.AddDays(1))));
        Assert.Null(await SoleSourceAsync(host, id));

        var incident = await host.Client.GetIncidentAsync(new Vigia.Registry.V1.GetIncidentRequest { IncidentId = id.ToString() });
        var split = await host.ClientActingAs("curator-carla").SplitIncidentAsync(new Vigia.Registry.V1.SplitIncidentRequest
        {
            IncidentId = id.ToString(),
            ReportIds = { incident.Incident.Sources.Single(s => s.Source == "pnc").ReportId },
            ExpectedVersion = incident.Incident.Version,
            Reason = "two killings",
        });
        Assert.Equal("diario", await SoleSourceAsync(host, id));
        Assert.Equal("pnc", await SoleSourceAsync(host, Guid.Parse(split.SplitIncident.IncidentId)));

        var candidates = await host.QueryAsync(db => db.LoadMergeCandidatesAsync([Report("pnc", "p2", day)], default));
        Assert.Equal([id], candidates.Select(i => i.Id));
    }

    private static Task<string?> SoleSourceAsync(RegistryTestHost host, Guid id) =>
        host.QueryAsync(db => db.Incidents.Where(i => i.Id == id).Select(i => i.SoleSource).SingleAsync());

    [Fact]
    public Task Candidates_OnSqlite_HoldEveryIncidentTheMergeRuleAcceptsAndNothingFar() => CandidatesMatchTheMergeRule(settings: null);

    [SkippableFact]
    public async Task Candidates_OnPostgres_HoldEveryIncidentTheMergeRuleAcceptsAndNothingFar()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        await CandidatesMatchTheMergeRule(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });
    }

    [Fact]
    public Task FindRecorded_OnSqlite_MatchesWholeKeysNotTheirParts() => FindRecordedMatchesWholeKeys(settings: null);

    [SkippableFact]
    public async Task FindRecorded_OnPostgres_MatchesWholeKeysNotTheirParts()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        await FindRecordedMatchesWholeKeys(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });
    }

    [Fact]
    public Task Candidates_OnSqlite_ReachIncidentsKnownToTheMonthThroughTheirOwnIndex() => CoarseCandidatesFound(settings: null);

    [SkippableFact]
    public async Task Candidates_OnPostgres_ReachIncidentsKnownToTheMonthThroughTheirOwnIndex()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("registry");
        await CoarseCandidatesFound(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });
    }

    /// <summary>
    /// Stored (a, 1), (a, 2), (b, 1) and (b, 2); asked for (a, 1) and (b, 2): those two, not the other pairs of the same
    /// sources and record ids.
    /// </summary>
    private static async Task FindRecordedMatchesWholeKeys(IDictionary<string, string?>? settings)
    {
        await using var host = await RegistryTestHost.StartAsync(settings);
        var day = new DateOnly(2017, 6, 11);
        await host.RecordAsync(Batch(Report("a", "1", day), Report("a", "2", day.AddDays(5)), Report("b", "1", day.AddDays(10)), Report("b", "2", day.AddDays(15))));

        var found = await host.QueryAsync(db => db.FindRecordedAsync([("a", "1"), ("b", "2"), ("c", "1")], default));

        Assert.Equal([("a", "1"), ("b", "2")], found.Keys.Order());
        var stored = await host.QueryAsync(db => db.IncidentSources.ToDictionaryAsync(s => (s.Source, s.SourceRecordId), s => s.IncidentId));
        Assert.All(found, pair => Assert.Equal(stored[pair.Key], pair.Value));
    }

    /// <summary>
    /// A month of day-precise incidents in one department and type, and two known only to the week or month: a
    /// day-precise report mid-month gets its own day's neighbours and both coarse incidents, none of the other days;
    /// the coarse windows' condition is the partial index's, which the registry's schema holds.
    /// </summary>
    private static async Task CoarseCandidatesFound(IDictionary<string, string?>? settings)
    {
        await using var host = await RegistryTestHost.StartAsync(settings);
        var first = new DateOnly(2017, 6, 1);
        await host.RecordAsync(Batch([.. Enumerable.Range(0, 30).Select(d => Report("pnc", $"day{d}", first.AddDays(d)))]));
        await host.RecordAsync(Batch(
            Report("pnc", "month", first.AddDays(2), precision: DatePrecision.Month),
            Report("pnc", "week", first.AddDays(25), precision: DatePrecision.Week)));

        var candidates = await host.QueryAsync(db => db.LoadMergeCandidatesAsync([Report("diario", "d", first.AddDays(14))], default));

        var sources = candidates.Select(i => i.Sources.Single().SourceRecordId).Order().ToList();
        Assert.Equal(["day13", "day14", "day15", "month", "week"], sources);
        var indexes = await host.QueryAsync(db => db.Database.IsNpgsql()
            ? db.Database.SqlQueryRaw<string>("SELECT indexdef AS \"Value\" FROM pg_indexes WHERE indexname = {0}", RegistryDbContext.CoarseDatesIndex).ToListAsync()
            : db.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE name = {0}", RegistryDbContext.CoarseDatesIndex).ToListAsync());
        Assert.Contains("\"DatePrecision\" <> 1", Assert.Single(indexes));
    }

    /// <summary>
    /// A store of incidents of every date precision, with and without a department, from three sources, and a batch
    /// from two of them: every stored incident the merge rule would accept for some report is a candidate, and every
    /// candidate is of a report's place and type, within its month, and not fed by that report's source.
    /// </summary>
    private static async Task CandidatesMatchTheMergeRule(IDictionary<string, string?>? settings)
    {
        await using var host = await RegistryTestHost.StartAsync(settings);
        var random = new Random(2017);
        var start = new DateOnly(2017, 6, 1);
        string[] places = ["SV-SM", "SV-SS", ""];
        IncidentType[] types = [IncidentType.Homicide, IncidentType.Attack];
        AcceptedReport Random(string source, string id) => Report(
            source, id, start.AddDays(random.Next(92)), admin1: places[random.Next(places.Length)], type: types[random.Next(types.Length)],
            precision: random.Next(10) switch { 0 => DatePrecision.Week, 1 => DatePrecision.Month, _ => DatePrecision.Day },
            victims: (random.Next(2) == 0 ? VictimCategory.Civilian : VictimCategory.GangMember, 1));
        foreach (var source in new[] { "a", "b", "c" })
        {
            await host.RecordAsync(Batch([.. Enumerable.Range(0, 150).Select(i => Random(source, $"{source}{i}"))]));
        }

        var batch = Enumerable.Range(0, 80).Select(i => Random(i % 2 == 0 ? "b" : "d", $"next{i}")).ToList();
        var candidates = await host.QueryAsync(db => db.LoadMergeCandidatesAsync(batch, default));
        var stored = await host.QueryAsync(async db => await db.LoadIncidentsAsync(await db.Incidents.Select(i => i.Id).ToListAsync(), default));

        var accepted = stored.Where(i => batch.Any(r => ReportMerger.BelongsTo(r, i))).Select(i => i.Id).ToHashSet();
        Assert.NotEmpty(accepted);
        Assert.Subset(candidates.Select(i => i.Id).ToHashSet(), accepted);
        Assert.All(candidates, incident => Assert.Contains(batch, r =>
            r.CountryCode == incident.CountryCode && (SelectorValues.PlaceCode(r.Admin1) ?? "") == (incident.Admin1 ?? "") && r.IncidentType == incident.IncidentType
            && Math.Abs(r.OccurredOn.DayNumber - incident.OccurredOn.DayNumber) <= 37 && incident.Sources.All(s => s.Source != r.Source)));
        Assert.True(candidates.Count < stored.Count / 2, $"{candidates.Count} candidates of {stored.Count} stored: the windows read far more than the batch's days");
    }

    /// <param name="forgetSoleSources">Clear every incident's <see cref="Incident.SoleSource"/>, as for incidents stored before it.</param>
    private static async Task CandidatesLeaveOutOwnSource(IDictionary<string, string?>? settings, bool forgetSoleSources = false)
    {
        await using var host = await RegistryTestHost.StartAsync(settings);
        var day = new DateOnly(2017, 6, 11);
        // 120 incidents from one bulletin on one department-day, 3 from a newspaper (other victims: they stay apart),
        // and one elsewhere.
        await host.RecordAsync(Batch([.. Enumerable.Range(0, 120).Select(i => Report("pnc", $"p{i}", day))]));
        await host.RecordAsync(Batch([.. Enumerable.Range(0, 3).Select(i => Report("diario", $"d{i}", day.AddDays(1), victims: [(VictimCategory.GangMember, 1)]))]));
        await host.RecordAsync(Batch(Report("pnc", "other-department", day, admin1: "SV-SS")));
        Assert.Equal(124, await host.QueryAsync(db => db.Incidents.CountAsync(i => i.SoleSource != null)));
        if (forgetSoleSources)
        {
            await host.QueryAsync(db => db.Incidents.ExecuteUpdateAsync(u => u.SetProperty(i => i.SoleSource, (string?)null)));
        }

        var forBulletin = await host.QueryAsync(db => db.LoadMergeCandidatesAsync([Report("pnc", "p-next", day)], default));
        var forNewspaper = await host.QueryAsync(db => db.LoadMergeCandidatesAsync([Report("diario", "d-next", day)], default));
        var forBoth = await host.QueryAsync(db => db.LoadMergeCandidatesAsync([Report("pnc", "p-next", day), Report("diario", "d-next", day)], default));

        // The bulletin's next record can only merge into what another source fed; the newspaper's into the bulletin's.
        Assert.Equal(["diario"], forBulletin.Select(i => i.Sources.Single().Source).Distinct());
        Assert.Equal(3, forBulletin.Count);
        Assert.Equal(120, forNewspaper.Count);
        Assert.All(forNewspaper, i => Assert.Equal("SV-SM", i.Admin1));
        Assert.Equal(123, forBoth.Count);

        // And the merge still goes where the rule says: the newspaper's report joins the bulletin's first record.
        await host.RecordAsync(Batch(Report("diario", "d-next", day)));
        var merged = await host.QueryAsync(db => db.LoadIncidentsAsync(forNewspaper.Select(i => i.Id).ToList(), default));
        Assert.Single(merged, i => i.Sources.Count == 2);
        Assert.Contains(merged, i => i.Sources.Count == 2 && i.Sources.Any(s => s.SourceRecordId == "p0"));
    }
}
