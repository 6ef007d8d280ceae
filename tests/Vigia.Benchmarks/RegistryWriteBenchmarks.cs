using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Registry.Data;
using Vigia.Registry.Incidents;

namespace Vigia.Benchmarks;

/// <summary>
/// The registry's write of one merged batch of 500 new reports on SQLite (the embedded default's database), in one
/// transaction: the incidents with their victims, sources and versions tracked by EF Core and saved, as the registry
/// wrote them before, against <see cref="RegistryDbContext.WriteMergedAsync"/>, as it writes them now. Every invocation
/// merges and writes records of its own, so the store grows alike under both.
/// </summary>
public class RegistryWriteBenchmarks
{
    private static readonly Dictionary<(string Source, string SourceRecordId), Guid> s_noneRecorded = [];

    private AcceptedReport[] _reports = [];
    private string _path = "";
    private DbContextOptions<RegistryDbContext> _options = null!;
    private int _invocation;

    [GlobalSetup]
    public void SetUp()
    {
        _reports = Batches.Accepted(Batches.Submitted(seed: 5, tag: "write"));
        _path = Path.Combine(Path.GetTempPath(), $"vigia-registry-bench-{Guid.NewGuid():N}.db");
        _options = new DbContextOptionsBuilder<RegistryDbContext>().UseSqlite($"Data Source={_path};Pooling=True").Options;
        using var db = new RegistryDbContext(_options);
        db.Database.EnsureCreated();
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark(Baseline = true, Description = "Merge and write 500 new incidents: EF Core tracked SaveChanges (before)")]
    public async Task<int> SaveTracked()
    {
        var batch = NextBatch();
        await using var db = new RegistryDbContext(_options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Incidents.AddRange(batch.Created);
        db.IncidentVersions.AddRange(batch.Versions);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return batch.Created.Count;
    }

    [Benchmark(Description = "Merge and write 500 new incidents: bulk insert (now)")]
    public async Task<int> WriteMerged()
    {
        var batch = NextBatch();
        await using var db = new RegistryDbContext(_options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.WriteMergedAsync(batch, CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return batch.Created.Count;
    }

    private MergedBatch NextBatch()
    {
        var n = Interlocked.Increment(ref _invocation);
        AcceptedReport[] reports = [.. _reports.Select(r => r with { ReportId = Guid.NewGuid(), SourceRecordId = $"{r.SourceRecordId}-{n}" })];
        return ReportMerger.MergeBatch(reports, s_noneRecorded, [], [], DateTime.UtcNow);
    }
}
