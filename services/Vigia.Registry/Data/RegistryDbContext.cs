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

    // Any constant shared by every registry writer; only registry transactions take it.
    private const long WriteLockKey = 0x5669_6769_6152_6567;
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

    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentSource> IncidentSources => Set<IncidentSource>();
    public DbSet<IncidentVersion> IncidentVersions => Set<IncidentVersion>();

    /// <summary>
    /// Starts a transaction that writes incidents. Writers take turns: merging reads candidates and
    /// then decides, which must not interleave with another writer's batch, and version sequence
    /// numbers then commit in order, so a watcher that has seen sequence n never misses a smaller
    /// one committed later. SQLite has a single writer anyway (BEGIN IMMEDIATE); PostgreSQL takes a
    /// transaction-scoped advisory lock.
    /// </summary>
    public async Task<IDbContextTransaction> BeginWriteAsync(CancellationToken ct)
    {
        var transaction = await Database.BeginTransactionAsync(ct);
        if (Database.IsNpgsql())
        {
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({WriteLockKey})", ct);
        }

        return transaction;
    }

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
