using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Series;
using Vigia.Alerting.Silences;
using Vigia.Alerting.Waves;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Grpc;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Data;

/// <remarks>This type carries the PostgreSQL migrations (Data/Migrations/Postgres); <see cref="SqliteAlertingDbContext"/>, the same model on SQLite, carries the embedded default's.</remarks>
public class AlertingDbContext : DbContext
{
    public const string Schema = "alerting";

    public AlertingDbContext(DbContextOptions<AlertingDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="SqliteAlertingDbContext"/>, whose options are typed by its own class.</summary>
    protected AlertingDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<RuleRecord> Rules => Set<RuleRecord>();
    public DbSet<AlertRecord> Alerts => Set<AlertRecord>();
    public DbSet<AlertEventRecord> AlertEvents => Set<AlertEventRecord>();
    public DbSet<WaveStateRecord> Waves => Set<WaveStateRecord>();
    public DbSet<SeriesIncidentRecord> SeriesIncidents => Set<SeriesIncidentRecord>();
    public DbSet<ReportingDelayRecord> ReportingDelays => Set<ReportingDelayRecord>();
    public DbSet<SeriesReadRecord> SeriesReads => Set<SeriesReadRecord>();
    public DbSet<SilenceRecord> Silences => Set<SilenceRecord>();
    public DbSet<AlertingSetting> Settings => Set<AlertingSetting>();
    public DbSet<PendingSeriesChange> PendingSeriesChanges => Set<PendingSeriesChange>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseServiceSchema(this, Schema);
        modelBuilder.AddOutboxAndInbox();

        modelBuilder.Entity<RuleRecord>(e =>
        {
            e.ToTable("rules");
            e.HasKey(r => r.RuleId);
            e.Property(r => r.RuleId).HasMaxLength(RuleRecord.MaxRuleIdLength);
        });
        modelBuilder.Entity<AlertRecord>(e =>
        {
            e.ToTable("alerts");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).ValueGeneratedOnAdd();
            e.HasIndex(a => a.AlertId).IsUnique();
            e.HasIndex(a => new { a.RuleId, a.State });
            e.HasIndex(a => a.ProvisionalUntil);
            e.Property(a => a.AlertId).HasMaxLength(64);
            e.Property(a => a.RuleId).HasMaxLength(100);
            e.Property(a => a.SeriesKey).HasMaxLength(200);
            e.Property(a => a.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<AlertEventRecord>(e =>
        {
            e.ToTable("alert_events");
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(a => a.EventId).IsUnique();
            e.HasIndex(a => a.PublishedAt);
            e.Property(a => a.EventId).HasMaxLength(64);
            e.Property(a => a.AlertId).HasMaxLength(64);
            e.Property(a => a.Kind).HasMaxLength(20);
        });
        modelBuilder.Entity<WaveStateRecord>(e =>
        {
            e.ToTable("wave_states");
            e.HasKey(w => new { w.RuleId, w.SeriesKey });
            e.HasIndex(w => w.AlertId);
            e.Property(w => w.RuleId).HasMaxLength(100);
            e.Property(w => w.SeriesKey).HasMaxLength(200);
            e.Property(w => w.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<SeriesIncidentRecord>(e =>
        {
            e.ToTable("series_incidents");
            e.HasKey(s => new { s.RuleId, s.SeriesKey, s.IncidentId });
            // By incident alone: a pass looks up the rows of its batch's incidents (AlertEvaluator). With the rule leading
            // this index, PostgreSQL, on statistics taken before a back-fill, probed the rule's (series, day) index instead
            // and read every row of the rule for each incident (90-180 ms a bulk pass).
            e.HasIndex(s => s.IncidentId);
            e.HasIndex(s => new { s.RuleId, s.SeriesKey, s.OccurredOn });
            e.Property(s => s.RuleId).HasMaxLength(100);
            e.Property(s => s.SeriesKey).HasMaxLength(200);
        });
        modelBuilder.Entity<ReportingDelayRecord>(e =>
        {
            e.ToTable("reporting_delays");
            e.HasKey(r => new { r.RuleId, r.SeriesKey });
            e.Property(r => r.RuleId).HasMaxLength(100);
            e.Property(r => r.SeriesKey).HasMaxLength(200);
            // 61 counts at most (ReportingDelay.MaxDays).
            e.Property(r => r.DayCounts).HasMaxLength(1000);
        });
        modelBuilder.Entity<SeriesReadRecord>(e =>
        {
            e.ToTable("series_reads");
            e.HasKey(r => new { r.RuleId, r.SeriesKey });
            e.Property(r => r.RuleId).HasMaxLength(100);
            e.Property(r => r.SeriesKey).HasMaxLength(200);
        });
        modelBuilder.Entity<SilenceRecord>(e =>
        {
            e.ToTable("silences");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedOnAdd();
            e.HasIndex(s => s.SilenceId).IsUnique();
            e.Property(s => s.SilenceId).HasMaxLength(64);
        });
        modelBuilder.Entity<PendingSeriesChange>(e =>
        {
            e.ToTable("pending_series_changes");
            e.HasKey(p => p.Sequence);
            e.Property(p => p.Sequence).ValueGeneratedOnAdd();
            e.Property(p => p.Body).UseFastCompression();
        });
        modelBuilder.Entity<AlertingSetting>(e =>
        {
            e.ToTable("settings");
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasMaxLength(100);
            // Two replicas moving the data horizon or start at once: the second write is refused and its batch retried,
            // so neither moves back.
            e.Property(s => s.Value).IsConcurrencyToken();
        });
    }
}
