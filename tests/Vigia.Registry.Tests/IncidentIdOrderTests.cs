using Microsoft.EntityFrameworkCore;
using Vigia.Testing;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

/// <summary>
/// New incidents and sources take ids that the database itself, and Guid.CompareTo, sort in the order they were recorded
/// (RowIds), so a batch's rows are appended at the end of the indexes keyed on them instead of falling on a page each.
/// </summary>
public class IncidentIdOrderTests
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Record_ThreeBatches_DatabaseOrdersIdsAsRecorded(bool postgres)
    {
        var settings = new Dictionary<string, string?>();
        if (postgres)
        {
            TestServers.RequirePostgres();
            settings["ConnectionStrings:postgres"] = await TestServers.CreateDatabaseAsync("registry");
        }

        await using var host = await RegistryTestHost.StartAsync(settings);
        var day = new DateOnly(2024, 1, 1);
        var recorded = new List<string>();
        foreach (var batch in new[] { "a", "b", "c" })
        {
            // A day each, far apart: every report becomes an incident of its own.
            var reports = Enumerable.Range(0, 60).Select(i => Report("pnc", $"{batch}{i:D2}", day.AddDays(3 * recorded.Count + 3 * i))).ToArray();
            await host.RecordAsync(Batch(reports));
            recorded.AddRange(reports.Select(r => r.SourceRecordId));
        }

        var sourcesById = await host.QueryAsync(db => db.IncidentSources.OrderBy(s => s.Id).Select(s => s.SourceRecordId).ToListAsync());
        var incidentsById = await host.QueryAsync(db => db.Incidents
            .OrderBy(i => i.Id)
            .Select(i => db.IncidentSources.Where(s => s.IncidentId == i.Id).Select(s => s.SourceRecordId).Single())
            .ToListAsync());

        // The registry's tie-breaks compare the ids in memory (Guid.CompareTo): the same order.
        var sourcesInMemory = (await host.QueryAsync(db => db.IncidentSources.Select(s => new { s.Id, s.SourceRecordId }).ToListAsync()))
            .OrderBy(s => s.Id)
            .Select(s => s.SourceRecordId);

        Assert.Equal(recorded, sourcesById);
        Assert.Equal(recorded, incidentsById);
        Assert.Equal(recorded, sourcesInMemory);
    }
}
