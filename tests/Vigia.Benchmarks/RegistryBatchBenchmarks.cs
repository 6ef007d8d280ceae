using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Registry.Data;
using Vigia.Registry.Incidents;

namespace Vigia.Benchmarks;

/// <summary>
/// The registry's whole transaction for one batch of 500 reports on SQLite (the embedded default's database), as
/// <c>ReportsAcceptedConsumer</c> runs it, against a store that already holds a year of incidents: look up the recorded
/// keys, load the merge candidates, merge, write, save. The batch comes from another desk, so a few of its reports merge
/// into stored incidents. With the candidates tracked by EF Core (as the registry loaded them before: attached to the
/// change tracker, where SaveChanges scans them) against untracked (now). Every invocation rolls back, so both methods
/// see the same store.
/// </summary>
public class RegistryBatchBenchmarks
{
    private static readonly Dictionary<(string Source, string SourceRecordId), Guid> s_noneRecorded = [];

    private AcceptedReport[] _batch = [];
    private string _path = "";
    private DbContextOptions<RegistryDbContext> _options = null!;

    /// <summary>Incidents already stored over the batch's year (the load tool's run ends with about 22,000).</summary>
    [Params(20_000)]
    public int Stored { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        _path = Path.Combine(Path.GetTempPath(), $"vigia-registry-batch-bench-{Guid.NewGuid():N}.db");
        _options = new DbContextOptionsBuilder<RegistryDbContext>().UseSqlite($"Data Source={_path};Pooling=True").Options;
        using (var db = new RegistryDbContext(_options))
        {
            db.Database.EnsureCreated();
        }

        foreach (var stored in Batches.Accepted(Batches.Submitted(Stored, seed: 9, tag: "stored")).Chunk(Batches.Size))
        {
            using var db = new RegistryDbContext(_options);
            using var transaction = db.Database.BeginTransaction();
            db.WriteMergedAsync(ReportMerger.MergeBatch(stored, s_noneRecorded, [], [], DateTime.UtcNow), CancellationToken.None).GetAwaiter().GetResult();
            db.SaveChanges();
            transaction.Commit();
        }

        _batch = [.. Batches.Accepted(Batches.Submitted(seed: 10, tag: "other-desk")).Select(r => r with { Source = "other-desk" })];
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark(Baseline = true, Description = "Record 500 reports against the stored incidents: candidates tracked (before)")]
    public Task<int> CandidatesTracked() => RecordAsync(trackCandidates: true);

    [Benchmark(Description = "Record 500 reports against the stored incidents: candidates untracked (now)")]
    public Task<int> CandidatesUntracked() => RecordAsync(trackCandidates: false);

    private async Task<int> RecordAsync(bool trackCandidates)
    {
        await using var db = new RegistryDbContext(_options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var recorded = await db.FindRecordedAsync(_batch, CancellationToken.None);
        var candidates = await db.LoadMergeCandidatesAsync(_batch, CancellationToken.None);
        if (trackCandidates)
        {
            db.AttachRange(candidates);
        }

        var batch = ReportMerger.MergeBatch(_batch, recorded, candidates, [], DateTime.UtcNow);
        await db.WriteMergedAsync(batch, CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.RollbackAsync();
        return batch.Created.Count + batch.AddedSources.Count;
    }
}
