using Vigia.Common.V1;
using Vigia.Registry.Data;
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

    private static async Task CandidatesLeaveOutOwnSource(IDictionary<string, string?>? settings)
    {
        await using var host = await RegistryTestHost.StartAsync(settings);
        var day = new DateOnly(2017, 6, 11);
        // 120 incidents from one bulletin on one department-day, 3 from a newspaper (other victims: they stay apart),
        // and one elsewhere.
        await host.RecordAsync(Batch([.. Enumerable.Range(0, 120).Select(i => Report("pnc", $"p{i}", day))]));
        await host.RecordAsync(Batch([.. Enumerable.Range(0, 3).Select(i => Report("diario", $"d{i}", day.AddDays(1), victims: [(VictimCategory.GangMember, 1)]))]));
        await host.RecordAsync(Batch(Report("pnc", "other-department", day, admin1: "SV-SS")));

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
