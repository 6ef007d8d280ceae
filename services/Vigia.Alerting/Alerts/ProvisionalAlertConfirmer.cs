using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.Alerting.Silences;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Alerts;

/// <summary>
/// Confirms provisional alerts as time passes: once the reporting delay of an open alert's last day has passed, the
/// alert stops being provisional and subscribers receive a CONFIRMED event. Time, not a new incident, ends the
/// delay, so this runs on the platform's clock; with several replicas the series lock and a second look at the
/// alert make each confirmation happen once.
/// </summary>
public sealed class ProvisionalAlertConfirmer(IServiceScopeFactory scopes, TimeProvider time, ILogger<ProvisionalAlertConfirmer> logger)
    : BackgroundService
{
    /// <summary>Delays are whole days; checking every few minutes confirms an alert soon after its day turns.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await ConfirmDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Confirming provisional alerts failed; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Confirms every open alert whose reporting delay has passed; returns how many.</summary>
    public async Task<int> ConfirmDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        var silences = scope.ServiceProvider.GetRequiredService<SilenceCatalog>();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var due = await db.Alerts.AsNoTracking()
            .Where(a => a.State == AlertState.Open && a.ProvisionalUntil != null && a.ProvisionalUntil <= today)
            .Select(a => new { a.AlertId, a.RuleId, a.SeriesKey })
            .ToListAsync(ct);
        var confirmed = 0;
        foreach (var alert in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await SeriesLocks.LockAsync(db, alert.RuleId, [alert.SeriesKey], ct);
            var record = await db.Alerts.SingleAsync(a => a.AlertId == alert.AlertId, ct);
            // Looked at again under the lock: another replica may have confirmed it, or an evaluation moved it on.
            if (record.State != AlertState.Open || record.ProvisionalUntil is not { } until || until > today)
            {
                continue;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var body = record.ToAlert();
            body.Provisional = false;
            body.UpdateTime = ProtoDates.ToTimestamp(now);
            record.Store(body);
            record.ProvisionalUntil = null;
            var suppressed = (await silences.ActiveAsync(now, ct)).Any(s => SilenceMatcher.Suppresses(s, record.RuleId, body.Series, now));
            AlertRecorder.Add(db, AlertRecorder.Confirmed(body, now), suppressed);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            confirmed++;
            logger.LogInformation("Alert {AlertId} is no longer provisional: its reporting delay has passed", record.AlertId);
        }

        return confirmed;
    }
}
