using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Registry.Incidents;
using Vigia.Statistics.Data;
using Vigia.Statistics.Projection;

namespace Vigia.Benchmarks;

/// <summary>
/// Statistics' write of one <c>IncidentsChanged</c> of 500 new incidents on SQLite (the embedded default's database), in
/// one transaction: the counted incidents and their known versions tracked by EF Core and saved, the shape the
/// projection wrote before it bulk-inserted, against <see cref="IncidentProjection.ApplyAsync"/> as it applies them now
/// (bulk inserts and the daily rollup's upsert); and the same batch followed by an amendment of every incident (each
/// moved to another day: its old rollup cell loses it, the new one gains it). Every invocation applies incidents of
/// its own, so the store grows alike under all three.
/// </summary>
public class ProjectionBenchmarks
{
    private static readonly Dictionary<(string Source, string SourceRecordId), Guid> s_noneRecorded = [];

    private IncidentSnapshot[] _incidents = [];
    private string _path = "";
    private DbContextOptions<SqliteStatisticsDbContext> _options = null!;

    [GlobalSetup]
    public void SetUp()
    {
        var reports = Batches.Accepted(Batches.Submitted(seed: 9, tag: "projection"));
        _incidents = [.. ReportMerger.MergeBatch(reports, s_noneRecorded, [], [], DateTime.UtcNow).Changed.Select(i => i.ToSnapshot())];
        _path = Path.Combine(Path.GetTempPath(), $"vigia-statistics-bench-{Guid.NewGuid():N}.db");
        _options = new DbContextOptionsBuilder<SqliteStatisticsDbContext>().UseSqlite($"Data Source={_path};Pooling=True").Options;
        using var db = new SqliteStatisticsDbContext(_options);
        db.Database.EnsureCreated();
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark(Baseline = true, Description = "Apply 500 new incidents: EF Core tracked SaveChanges, no rollup (before)")]
    public async Task<int> SaveTracked()
    {
        var batch = NextBatch();
        var now = DateTime.UtcNow;
        await using var db = new SqliteStatisticsDbContext(_options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Incidents.AddRange(batch.Select(s => CountedIncident.From(s, now)));
        db.KnownVersions.AddRange(batch.Select(s => KnownVersion.From(s, now)));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return batch.Length;
    }

    [Benchmark(Description = "Apply 500 new incidents: IncidentProjection, bulk insert + daily rollup (now)")]
    public Task<int> Apply() => ApplyAsync(NextBatch());

    [Benchmark(Description = "Apply 500 new incidents, then an amendment of each to another day (now)")]
    public async Task<int> ApplyThenAmend()
    {
        var batch = NextBatch();
        return await ApplyAsync(batch) + await ApplyAsync([.. batch.Select(s => s with { Version = s.Version + 1, OccurredOn = s.OccurredOn.AddDays(-3) })]);
    }

    private async Task<int> ApplyAsync(IncidentSnapshot[] batch)
    {
        await using var db = new SqliteStatisticsDbContext(_options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var changes = await new IncidentProjection(db, TimeProvider.System).ApplyAsync(batch, CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return changes.Count;
    }

    private IncidentSnapshot[] NextBatch() => [.. _incidents.Select(s => s with { IncidentId = Guid.NewGuid() })];
}
