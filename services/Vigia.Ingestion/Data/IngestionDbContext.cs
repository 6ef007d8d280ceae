using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Feeds;
using Vigia.Ingestion.Reports;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Ingestion.Data;

/// <remarks>This type carries the PostgreSQL migrations (Data/Migrations/Postgres); <see cref="SqliteIngestionDbContext"/>, the same model on SQLite, carries the embedded default's.</remarks>
public class IngestionDbContext : DbContext
{
    public const string Schema = "ingestion";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public IngestionDbContext(DbContextOptions<IngestionDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="SqliteIngestionDbContext"/>, whose options are typed by its own class.</summary>
    protected IngestionDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<IngestedReport> Reports => Set<IngestedReport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseServiceSchema(this, Schema);
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<FeedCheckpoint>(e =>
        {
            e.ToTable("feed_checkpoints");
            e.HasKey(c => c.Feed);
            e.Property(c => c.Feed).HasMaxLength(64);
            e.Property(c => c.LastError).HasMaxLength(FeedCheckpoint.MaxErrorLength);
        });
        modelBuilder.Entity<IngestedReport>(e =>
        {
            e.ToTable("reports");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            // The idempotency key: the unique index, not a prior look-up, decides between two racing submissions.
            e.HasIndex(r => new { r.Source, r.SourceRecordId }).IsUnique();
            // The reports the registry has still to record, for bulk pacing: a few thousand entries at most.
            e.HasIndex(r => r.ReceivedAt).HasFilter("\"State\" = 'Accepted'").HasDatabaseName("IX_reports_unrecorded");
            e.Property(r => r.Source).HasMaxLength(100);
            e.Property(r => r.SourceRecordId).HasMaxLength(200);
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Url).HasMaxLength(2048);
            e.Property(r => r.CountryCode).HasMaxLength(2);
            e.Property(r => r.Admin1).HasMaxLength(8);
            e.Property(r => r.Admin1Name).HasMaxLength(100);
            e.Property(r => r.Admin2).HasMaxLength(16);
            e.Property(r => r.Admin2Name).HasMaxLength(200);
            e.Property(r => r.Perpetrator).HasMaxLength(64);
            e.Property(r => r.Language).HasMaxLength(35);
            e.Property(r => r.Fingerprint).HasMaxLength(64);
            e.Property(r => r.Victims).HasConversion(
                v => JsonSerializer.Serialize(v, s_json),
                s => JsonSerializer.Deserialize<List<VictimCount>>(s, s_json) ?? new List<VictimCount>(),
                ListComparer<VictimCount>());
            e.Property(r => r.Violations).HasConversion(
                v => JsonSerializer.Serialize(v, s_json),
                s => JsonSerializer.Deserialize<List<ReportViolation>>(s, s_json) ?? new List<ReportViolation>(),
                ListComparer<ReportViolation>());
        });
    }

    private static ValueComparer<List<T>> ListComparer<T>() => new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        v => v.ToList());
}
