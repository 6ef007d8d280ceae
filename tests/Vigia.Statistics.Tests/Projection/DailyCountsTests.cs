using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics.Data;
using Vigia.Statistics.Projection;
using Vigia.Statistics.Series;
using Vigia.Statistics.Tests.Support;
using Vigia.Testing;

namespace Vigia.Statistics.Tests.Projection;

/// <summary>
/// The daily rollups (and by victim category) against what they must equal: the newest version of every incident,
/// counted where it stands now, after creations, amendments that move an incident's day, department, type and victims
/// (between categories too), retractions and reinstatements, arriving shuffled, in batches that carry several versions
/// of one incident, with stale versions sent again.
/// </summary>
public sealed class DailyCountsTests
{
    private static readonly DatePeriod s_june2017 = new(new DateOnly(2017, 6, 1), new DateOnly(2017, 6, 30));
    private static readonly string?[] s_departments = ["SV-SS", "SV-SM", "SV-LL", null];
    private static readonly IncidentType[] s_types = [IncidentType.Homicide, IncidentType.Disappearance, IncidentType.Extortion];
    private static readonly VictimCategory[] s_categories = [VictimCategory.Civilian, VictimCategory.PrisonOfficer, VictimCategory.SecurityForceRelative];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Rollup_AfterShuffledAmendmentsAndRetractions_EqualsTheNewestVersions_OnSqlite(int seed)
    {
        using var database = new SqliteStatisticsDatabase();
        await CheckAsync(() => database.CreateContext(), seed);
    }

    [SkippableFact]
    public async Task Rollup_AfterShuffledAmendmentsAndRetractions_EqualsTheNewestVersions_OnPostgres()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("statistics-rollup");
        var options = (DbContextOptions<StatisticsDbContext>)new DbContextOptionsBuilder<StatisticsDbContext>()
            .UseServicePostgres(connectionString, StatisticsDbContext.Schema).Options;
        StatisticsDbContext Create() => new(options);
        await using (var db = Create())
        {
            await db.Database.MigrateAsync();
        }

        await CheckAsync(Create, seed: 4);
    }

    private static async Task CheckAsync(Func<StatisticsDbContext> create, int seed)
    {
        var random = new Random(seed);
        var sent = new List<IncidentSnapshot>();
        for (var n = 0; n < 80; n++)
        {
            var id = Guid.NewGuid();
            var versions = random.Next(1, 5);
            for (var version = 1; version <= versions; version++)
            {
                sent.Add(RandomVersion(random, id, version));
            }
        }

        // Stale versions sent again, then everything shuffled into batches of 1 to 15.
        sent.AddRange(Enumerable.Range(0, 30).Select(_ => sent[random.Next(sent.Count)]));
        var shuffled = sent.OrderBy(_ => random.Next()).ToList();
        for (var i = 0; i < shuffled.Count;)
        {
            var size = Math.Min(random.Next(1, 16), shuffled.Count - i);
            await ApplyAsync(create, shuffled.GetRange(i, size));
            i += size;
        }

        var newest = sent.GroupBy(s => s.IncidentId).Select(g => g.MaxBy(s => s.Version)!).Where(s => !s.Retracted).ToList();
        var expectedCells = newest
            .GroupBy(s => (Admin1: s.Admin1 ?? DailyCount.NoAdmin1, s.OccurredOn, s.IncidentType))
            .ToDictionary(g => g.Key, g => (Incidents: g.Count(), Victims: (long)g.Sum(s => s.Victims.Sum(v => v.Count))));

        await using var db = create();
        var stored = (await db.DailyCounts.AsNoTracking().ToListAsync())
            .Where(d => d.Incidents != 0 || d.Victims != 0)
            .ToDictionary(d => (d.Admin1, d.OccurredOn, d.IncidentType), d => (d.Incidents, d.Victims));
        Assert.Equal(expectedCells.OrderBy(c => c.Key), stored.OrderBy(c => c.Key));

        var expectedVictimCells = newest
            .SelectMany(s => s.Victims.Where(v => v.Count > 0).Select(v => (Snapshot: s, Victims: v)))
            .GroupBy(x => (x.Victims.Category, Admin1: x.Snapshot.Admin1 ?? DailyCount.NoAdmin1, x.Snapshot.OccurredOn, x.Snapshot.IncidentType))
            .ToDictionary(g => g.Key, g => (Incidents: g.Count(), Victims: (long)g.Sum(x => x.Victims.Count)));
        var storedVictimCells = (await db.DailyVictimCounts.AsNoTracking().ToListAsync())
            .Where(d => d.Incidents != 0 || d.Victims != 0)
            .ToDictionary(d => (d.Category, d.Admin1, d.OccurredOn, d.IncidentType), d => (d.Incidents, d.Victims));
        Assert.Equal(expectedVictimCells.OrderBy(c => c.Key), storedVictimCells.OrderBy(c => c.Key));

        // And what the counting queries answer from it, against the same oracle.
        var byDepartment = await new CountAggregation(db).ByDayAsync(Selection.All, Measure.Incidents, s_june2017, GroupBy.Admin1, null, CancellationToken.None);
        var expectedByDepartment = newest.GroupBy(s => (s.OccurredOn, Key: SeriesKeys.OfText(s.Admin1))).Select(g => new KeyedCount(g.Key.OccurredOn, g.Key.Key, g.Count()));
        Assert.Equal(Sorted(expectedByDepartment), Sorted(byDepartment));

        var victimsByType = await new CountAggregation(db).ByDayAsync(
            Selection.From(new Selector { Admin1 = { "SV-SS", "SV-SM" } }), Measure.Victims, s_june2017, GroupBy.IncidentType, null, CancellationToken.None);
        var expectedVictimsByType = newest
            .Where(s => s.Admin1 is "SV-SS" or "SV-SM")
            .GroupBy(s => (s.OccurredOn, Key: SeriesKeys.Of(s.IncidentType)))
            .Select(g => new KeyedCount(g.Key.OccurredOn, g.Key.Key, g.Sum(s => s.Victims.Sum(v => v.Count))))
            .Where(c => c.Value > 0);
        Assert.Equal(Sorted(expectedVictimsByType), Sorted(victimsByType));

        // The counts by victim category, from the category rollup, against the same oracle.
        var incidentsPerCategory = await new CountAggregation(db).ByDayAsync(
            Selection.All, Measure.Incidents, s_june2017, GroupBy.VictimCategory, null, CancellationToken.None);
        var expectedIncidentsPerCategory = newest
            .SelectMany(s => s.Victims.Where(v => v.Count > 0).Select(v => (s.OccurredOn, Key: SeriesKeys.Of(v.Category))))
            .GroupBy(x => x)
            .Select(g => new KeyedCount(g.Key.OccurredOn, g.Key.Key, g.Count()));
        Assert.Equal(Sorted(expectedIncidentsPerCategory), Sorted(incidentsPerCategory));

        HashSet<VictimCategory> guarded = [VictimCategory.PrisonOfficer, VictimCategory.SecurityForceRelative];
        var guardedVictims = await new CountAggregation(db).ByDayAsync(
            Selection.From(new Selector { VictimCategories = { guarded } }), Measure.Victims, s_june2017, GroupBy.None, null, CancellationToken.None);
        var expectedGuardedVictims = newest
            .GroupBy(s => s.OccurredOn)
            .Select(g => new KeyedCount(g.Key, SeriesKeys.All, g.Sum(s => s.Victims.Where(v => guarded.Contains(v.Category)).Sum(v => v.Count))))
            .Where(c => c.Value > 0);
        Assert.Equal(Sorted(expectedGuardedVictims), Sorted(guardedVictims));

        // Incidents of one category come from its cells; of two, from the incidents (one with victims of both counts once).
        foreach (var categories in new[] { new[] { VictimCategory.PrisonOfficer }, [.. guarded] })
        {
            var ofCategories = await new CountAggregation(db).ByDayAsync(
                Selection.From(new Selector { VictimCategories = { categories } }), Measure.Incidents, s_june2017, GroupBy.Admin1, null, CancellationToken.None);
            var expected = newest
                .Where(s => s.Victims.Any(v => v.Count > 0 && categories.Contains(v.Category)))
                .GroupBy(s => (s.OccurredOn, Key: SeriesKeys.OfText(s.Admin1)))
                .Select(g => new KeyedCount(g.Key.OccurredOn, g.Key.Key, g.Count()));
            Assert.Equal(Sorted(expected), Sorted(ofCategories));
        }
    }

    private static IncidentSnapshot RandomVersion(Random random, Guid id, int version) => new()
    {
        IncidentId = id,
        Version = version,
        OccurredOn = new DateOnly(2017, 6, random.Next(1, 31)),
        DatePrecision = DatePrecision.Day,
        CountryCode = "SV",
        Admin1 = s_departments[random.Next(s_departments.Length)],
        IncidentType = s_types[random.Next(s_types.Length)],
        // One to three categories, a count of zero now and then (no victims of that category).
        Victims = [.. s_categories.Where(_ => random.Next(2) == 0).DefaultIfEmpty(VictimCategory.Civilian)
            .Select(c => new VictimCount { Category = c, Count = random.Next(0, 4) })],
        Perpetrator = "MS13",
        Retracted = random.Next(5) == 0,
    };

    private static async Task ApplyAsync(Func<StatisticsDbContext> create, List<IncidentSnapshot> batch)
    {
        await using var db = create();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await new IncidentProjection(db, TimeProvider.System).ApplyAsync(batch, CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private static List<KeyedCount> Sorted(IEnumerable<KeyedCount> counts) =>
        [.. counts.OrderBy(c => c.Date).ThenBy(c => c.Key, StringComparer.Ordinal)];
}
