using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Vigia.Registry.Incidents;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Registry.Data;

/// <remarks>This type carries the PostgreSQL migrations (Data/Migrations/Postgres); <see cref="SqliteRegistryDbContext"/>, the same model on SQLite, carries the embedded default's.</remarks>
public class RegistryDbContext : DbContext
{
    public const string Schema = "registry";

    /// <summary>The partial index of the incidents known only to the week or month, by place, type and date.</summary>
    public const string CoarseDatesIndex = "IX_incidents_coarse_dates";

    // Constants shared by every registry writer; only registry transactions take these advisory locks.
    private const long WriteLockKey = 0x5669_6769_6152_6567;
    private const long SequenceLockKey = 0x5669_6769_6153_6571;
    private const int PlaceLockClass = 0x5652_6567;
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public RegistryDbContext(DbContextOptions<RegistryDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="SqliteRegistryDbContext"/>, whose options are typed by its own class.</summary>
    protected RegistryDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>
    /// The incidents whose date is known only to the week or month (or without a precision), as a condition on the
    /// incident table aliased <c>c</c>: the filter of <see cref="CoarseDatesIndex"/>, which a query must state in this
    /// form, the precision a constant, for the planners to read that index.
    /// </summary>
    public static string CoarseDates => $"c.{CoarseDatesColumnFilter}";

    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentSource> IncidentSources => Set<IncidentSource>();
    public DbSet<IncidentVersion> IncidentVersions => Set<IncidentVersion>();

    /// <summary>
    /// Starts a transaction that may change any incident (amendments, splits, withdrawals, corrections): it waits
    /// for every other registry writer and excludes them until it commits, so version sequence numbers commit in
    /// order. SQLite has a single writer anyway; PostgreSQL takes a transaction-scoped advisory lock.
    /// </summary>
    public async Task<IDbContextTransaction> BeginWriteAsync(CancellationToken ct)
    {
        var transaction = await Database.BeginWholeTransactionAsync(ct);
        if (Database.IsNpgsql())
        {
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({WriteLockKey})", ct);
        }

        return transaction;
    }

    /// <summary>
    /// Starts a transaction that creates and merges incidents of these places (country, department) only. Merging
    /// reads candidates and then decides, which must not interleave with another writer of the same place; writers of
    /// other places go on at the same time (registry replicas add throughput). Each place is a transaction-scoped
    /// advisory lock, taken in one order by every writer; the shared hold on the writers' lock keeps
    /// <see cref="BeginWriteAsync"/>'s writers out. Before appending versions call <see cref="TakeSequenceTurnAsync"/>.
    /// </summary>
    public async Task<IDbContextTransaction> BeginPlaceWriteAsync(IEnumerable<(string Country, string? Admin1)> places, CancellationToken ct)
    {
        var transaction = await Database.BeginWholeTransactionAsync(ct);
        if (Database.IsNpgsql())
        {
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({WriteLockKey})", ct);
            await TransactionLocks.LockAsync(Database, PlaceLockClass, places.Select(p => $"{p.Country}/{p.Admin1}"), ct);
        }

        return transaction;
    }

    /// <summary>
    /// Waits for the writers of other places to commit their versions: sequence numbers then commit in order, so a
    /// watcher of the change feed that has seen sequence n never misses a smaller one committed later. Held from
    /// the versions' insert to the commit, which is short: the merge and the incidents' inserts are done by then.
    /// </summary>
    public async Task TakeSequenceTurnAsync(CancellationToken ct)
    {
        if (Database.IsNpgsql())
        {
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SequenceLockKey})", ct);
        }
    }

    /// <summary>
    /// Writes what merging a batch did, inside the writer's transaction: new incidents (with their victims and
    /// sources) and every version in bulk, untracked; stored incidents that merges or corrections changed are tracked,
    /// and the caller's SaveChanges writes them and their new sources. Versions wait for the sequence turn.
    /// </summary>
    public async Task WriteMergedAsync(MergedBatch batch, CancellationToken ct)
    {
        var created = batch.Created.Select(i => i.Id).ToHashSet();
        await this.BulkInsertAsync(batch.Created, ct);
        await this.BulkInsertOwnedAsync(batch.Created, nameof(Incident.Victims), ct);
        await this.BulkInsertAsync([.. batch.Created.SelectMany(i => i.Sources)], ct);
        await TakeSequenceTurnAsync(ct);
        await this.BulkInsertAsync(batch.Versions, ct);
        IncidentSources.AddRange(batch.AddedSources.Where(s => !created.Contains(s.IncidentId)));
    }

    private static string CoarseDatesColumnFilter => $"\"{nameof(Incident.DatePrecision)}\" <> {(int)Vigia.Common.V1.DatePrecision.Day}";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseServiceSchema(this, Schema);
        modelBuilder.AddOutboxAndInbox();

        modelBuilder.Entity<Incident>(e =>
        {
            e.ToTable("incidents");
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).ValueGeneratedNever();
            e.Property(i => i.CountryCode).HasMaxLength(2);
            e.Property(i => i.Admin1).HasMaxLength(16);
            e.Property(i => i.Admin2).HasMaxLength(32);
            e.Property(i => i.Admin1Name).HasMaxLength(200);
            e.Property(i => i.Admin2Name).HasMaxLength(200);
            e.Property(i => i.Perpetrator).HasMaxLength(200);
            e.Property(i => i.SoleSource).HasMaxLength(100);
            e.OwnsMany(i => i.Victims, v =>
            {
                v.ToTable("incident_victims");
                v.WithOwner().HasForeignKey("IncidentId");
                v.HasKey("IncidentId", nameof(Victim.Category));
                v.HasIndex(x => x.Category);
            });
            e.HasMany(i => i.Sources).WithOne().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Cascade);
            // Paging order and period queries; place and type for merge candidates and selectors.
            e.HasIndex(i => new { i.OccurredOn, i.Id });
            e.HasIndex(i => new { i.CountryCode, i.Admin1, i.IncidentType, i.OccurredOn });
            // The few incidents known only to the week or month, for the merge candidates of a report's whole month.
            e.HasIndex(i => new { i.CountryCode, i.Admin1, i.IncidentType, i.OccurredOn }, CoarseDatesIndex).HasFilter(CoarseDatesColumnFilter);
        });

        modelBuilder.Entity<IncidentSource>(e =>
        {
            e.ToTable("incident_sources");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedNever();
            e.Property(s => s.Source).HasMaxLength(100);
            e.Property(s => s.SourceRecordId).HasMaxLength(200);
            e.Property(s => s.Perpetrator).HasMaxLength(200);
            e.Property(s => s.CountryCode).HasMaxLength(2);
            e.Property(s => s.Admin1).HasMaxLength(16);
            e.Property(s => s.Admin2).HasMaxLength(32);
            e.Property(s => s.Admin1Name).HasMaxLength(200);
            e.Property(s => s.Admin2Name).HasMaxLength(200);
            e.Property(s => s.MergeReason).HasMaxLength(1000);
            e.Property(s => s.Victims).HasConversion(
                v => JsonSerializer.Serialize(v, s_json),
                s => JsonSerializer.Deserialize<List<Victim>>(s, s_json) ?? new List<Victim>(),
                new ValueComparer<List<Victim>>(
                    (a, b) => JsonSerializer.Serialize(a, s_json) == JsonSerializer.Serialize(b, s_json),
                    v => JsonSerializer.Serialize(v, s_json).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<List<Victim>>(JsonSerializer.Serialize(v, s_json), s_json)!));
            // A source's record feeds one incident only: the idempotency key of the whole pipeline.
            e.HasIndex(s => new { s.Source, s.SourceRecordId }).IsUnique();
            e.HasIndex(s => s.ReportId);
            // Merge candidates leave out the incidents a report's own source fed (a NOT EXISTS on both columns).
            // Without it SQLite answers that through the (source, record) index: every record of the source scanned
            // for each candidate, a cost growing with the store.
            e.HasIndex(s => new { s.IncidentId, s.Source });
        });

        modelBuilder.Entity<IncidentVersion>(e =>
        {
            e.ToTable("incident_versions");
            e.HasKey(v => v.Sequence);
            e.Property(v => v.Sequence).ValueGeneratedOnAdd();
            e.Property(v => v.ChangedBy).HasMaxLength(200);
            e.HasIndex(v => new { v.IncidentId, v.Version }).IsUnique();
        });
    }
}
