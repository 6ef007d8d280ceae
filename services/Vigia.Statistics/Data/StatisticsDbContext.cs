using Microsoft.EntityFrameworkCore;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics.Projection;

namespace Vigia.Statistics.Data;

public sealed class StatisticsDbContext(DbContextOptions<StatisticsDbContext> options) : DbContext(options)
{
    public const string Schema = "statistics";

    public DbSet<CountedIncident> Incidents => Set<CountedIncident>();
    public DbSet<CountedVictims> Victims => Set<CountedVictims>();

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
            // The series queries filter by date range first, then by place.
            e.HasIndex(i => i.OccurredOn);
            e.HasIndex(i => new { i.Admin1, i.OccurredOn });
            e.HasMany(i => i.Victims).WithOne().HasForeignKey(v => v.IncidentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CountedVictims>(e =>
        {
            e.ToTable("incident_victims");
            e.HasKey(v => new { v.IncidentId, v.Category });
            e.HasIndex(v => v.Category);
        });
    }
}
