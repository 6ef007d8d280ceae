using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Alerts;

/// <summary>Reads alerts and records who acknowledged them.</summary>
public sealed class AlertCatalog(AlertingDbContext db, TimeProvider time)
{
    /// <summary>Newest first.</summary>
    public async Task<(IReadOnlyList<Alert> Alerts, string NextPageToken)> ListAsync(
        int pageSize, string pageToken, AlertState state, string ruleId, CancellationToken ct)
    {
        var (size, after) = PageTokens.ReadNumber(pageSize, pageToken);
        var query = db.Alerts.AsNoTracking();
        if (after is { } last)
        {
            query = query.Where(a => a.Id < last);
        }

        if (state != AlertState.Unspecified)
        {
            query = query.Where(a => a.State == state);
        }

        if (ruleId.Length > 0)
        {
            query = query.Where(a => a.RuleId == ruleId);
        }

        var page = await query.OrderByDescending(a => a.Id).Take(size + 1).ToListAsync(ct);
        var next = page.Count > size ? PageTokens.Encode(page[size - 1].Id) : "";
        return ([.. page.Take(size).Select(a => a.ToAlert())], next);
    }

    public async Task<Alert> GetAsync(string alertId, CancellationToken ct) =>
        (await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.AlertId == alertId, ct) ?? throw new NotFoundException("alert", alertId)).ToAlert();

    public async Task<Alert> AcknowledgeAsync(string alertId, string actor, CancellationToken ct)
    {
        var record = await db.Alerts.SingleOrDefaultAsync(a => a.AlertId == alertId, ct) ?? throw new NotFoundException("alert", alertId);
        var alert = record.ToAlert();
        alert.Acknowledged = true;
        alert.AcknowledgedBy = actor;
        alert.UpdateTime = ProtoDates.ToTimestamp(time.GetUtcNow().UtcDateTime);
        record.Store(alert);
        await db.SaveChangesAsync(ct);
        return alert;
    }
}
