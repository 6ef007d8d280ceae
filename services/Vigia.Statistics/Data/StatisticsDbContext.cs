using Microsoft.EntityFrameworkCore;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics.Projection;

namespace Vigia.Statistics.Data;

/// <remarks>This type carries the PostgreSQL migrations (Data/Migrations/Postgres); <see cref="SqliteStatisticsDbContext"/>, the same model on SQLite, carries the embedded default's.</remarks>
public class StatisticsDbContext : DbContext
{
    public const string Schema = "statistics";

    public StatisticsDbContext(DbContextOptions<StatisticsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="SqliteStatisticsDbContext"/>, whose options are typed by its own class.</summary>
    protected StatisticsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<CountedIncident> Incidents => Set<CountedIncident>();
    public DbSet<CountedVictims> Victims => Set<CountedVictims>();
    public DbSet<KnownVersion> KnownVersions => Set<KnownVersion>();
    public DbSet<KnownVersionVictims> KnownVersionVictims => Set<KnownVersionVictims>();
    public DbSet<DailyCount> DailyCounts => Set<DailyCount>();
    public DbSet<DailyVictimCount> DailyVictimCounts => Set<DailyVictimCount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseServiceSchema(this, Schema);
        modelBuilder.AddOutboxAndInbox();

        modelBuilder.Entity<CountedIncident>(e =>
        {
            e.ToTable("incidents");
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).ValueGeneratedNever();
            // Two consumers (or replicas) applying versions of one incident at once: the second
            // save fails and its retry re-reads the newer version instead of overwriting it.
            e.Property(i => i.Version).IsConcurrencyToken();
            e.Property(i => i.CountryCode).HasMaxLength(8);
            e.Property(i => i.Admin1).HasMaxLength(16);
            e.Property(i => i.Admin2).HasMaxLength(32);
            e.Property(i => i.Perpetrator).HasMaxLength(200);
            e.Property(i => i.PerpetratorKey).HasMaxLength(200);
            // The counting queries (CountAggregation) read counted incidents only, by date range and place: partial
            // indexes of the non-retracted rows that hold every column those queries filter and group by answer them
            // from the index alone (index-only scans), without visiting a million-row table (docs/benchmarks.md).
            e.HasIndex(i => new { i.OccurredOn, i.CountryCode, i.Admin1, i.Admin2, i.IncidentType }, "IX_incidents_counted_by_day")
                .HasFilter("NOT \"Retracted\"");
            e.HasIndex(i => new { i.Admin1, i.OccurredOn, i.CountryCode, i.IncidentType }, "IX_incidents_counted_by_department")
                .HasFilter("NOT \"Retracted\"");
            e.HasMany(i => i.Victims).WithOne().HasForeignKey(v => v.IncidentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DailyCount>(e =>
        {
            e.ToTable("daily_counts");
            e.HasKey(d => new { d.Admin1, d.OccurredOn, d.CountryCode, d.IncidentType });
            e.Property(d => d.Admin1).HasMaxLength(16);
            e.Property(d => d.CountryCode).HasMaxLength(8);
            // A department's series, a type's national series (the default rules') and a period's ranking are each one
            // range of an index that holds every column they read: index-only scans. PostgreSQL carries the columns
            // read as INCLUDE. SQLite has none, so there they are trailing key columns (without them each entry read
            // was looked up again in the table), and the department's index fixes the type before the day, so that
            // with planner statistics (SqlitePlannerStatistics) SQLite reads a department's series from it instead of
            // the type's index, every department's days: 0.1 against 2.9 ms for a department's year, 0.9 against 10 ms
            // for fifteen (docs/benchmarks.md). A department's days of every type are a range of the primary key.
            // By context type, not provider: EF caches one model per type.
            if (this is SqliteStatisticsDbContext)
            {
                e.HasIndex(d => new { d.Admin1, d.IncidentType, d.OccurredOn, d.CountryCode, d.Incidents, d.Victims }, "IX_daily_counts_by_department");
                e.HasIndex(d => new { d.IncidentType, d.OccurredOn, d.CountryCode, d.Admin1, d.Incidents, d.Victims }, "IX_daily_counts_by_type");
                e.HasIndex(d => new { d.OccurredOn, d.CountryCode, d.Admin1, d.IncidentType, d.Incidents, d.Victims }, "IX_daily_counts_by_day");
            }
            else
            {
                e.HasIndex(d => new { d.Admin1, d.OccurredOn }, "IX_daily_counts_by_department")
                    .IncludeProperties(d => new { d.CountryCode, d.IncidentType, d.Incidents, d.Victims });
                e.HasIndex(d => new { d.IncidentType, d.OccurredOn }, "IX_daily_counts_by_type")
                    .IncludeProperties(d => new { d.CountryCode, d.Admin1, d.Incidents, d.Victims });
                e.HasIndex(d => d.OccurredOn, "IX_daily_counts_by_day")
                    .IncludeProperties(d => new { d.CountryCode, d.Admin1, d.IncidentType, d.Incidents, d.Victims });
            }
        });

        modelBuilder.Entity<DailyVictimCount>(e =>
        {
            e.ToTable("daily_victim_counts");
            // Category and day first: a category's series is one range of the key.
            e.HasKey(d => new { d.Category, d.OccurredOn, d.Admin1, d.CountryCode, d.IncidentType });
            e.Property(d => d.Admin1).HasMaxLength(16);
            e.Property(d => d.CountryCode).HasMaxLength(8);
        });

        modelBuilder.Entity<CountedVictims>(e =>
        {
            e.ToTable("incident_victims");
            e.HasKey(v => new { v.IncidentId, v.Category });
            e.HasIndex(v => v.Category);
        });

        modelBuilder.Entity<KnownVersion>(e =>
        {
            e.ToTable("known_versions");
            e.HasKey(v => v.Id);
            e.Property(v => v.Id).ValueGeneratedNever();
            e.Property(v => v.CountryCode).HasMaxLength(8);
            e.Property(v => v.Admin1).HasMaxLength(16);
            e.Property(v => v.Admin2).HasMaxLength(32);
            e.Property(v => v.PerpetratorKey).HasMaxLength(200);
            // A redelivered or concurrent version is stored once.
            e.HasIndex(v => new { v.IncidentId, v.Version }).IsUnique();
            // As-of queries filter by date range and by the instant inside [KnownFrom, KnownUntil).
            e.HasIndex(v => new { v.OccurredOn, v.KnownFrom });
            e.HasMany(v => v.Victims).WithOne().HasForeignKey(v => v.VersionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<KnownVersionVictims>(e =>
        {
            e.ToTable("known_version_victims");
            e.HasKey(v => new { v.VersionId, v.Category });
        });
    }
}
