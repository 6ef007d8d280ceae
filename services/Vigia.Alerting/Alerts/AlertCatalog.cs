using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.Alerting.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Alerts;

/// <summary>Reads alerts and their events, and records who acknowledged them.</summary>
public sealed class AlertCatalog(AlertingDbContext db, TimeProvider time)
{
    public const int MaxCommentLength = 2000;

    // An alert changes a few times per wave; three reads in a row that each lose the race mean something is wrong.
    private const int MaxAcknowledgeAttempts = 3;

    // Alerts are read in chunks while the series filter (applied in memory) fills a page.
    private const int Chunk = 200;

    /// <summary>Newest first.</summary>
    public async Task<(IReadOnlyList<Alert> Alerts, string NextPageToken)> ListAsync(int pageSize, string pageToken, AlertQuery filter, CancellationToken ct)
    {
        var (size, after) = PageTokens.ReadNumber(pageSize, pageToken);
        var query = db.Alerts.AsNoTracking();
        if (filter.State != AlertState.Unspecified)
        {
            query = query.Where(a => a.State == filter.State);
        }

        if (filter.RuleId.Length > 0)
        {
            query = query.Where(a => a.RuleId == filter.RuleId);
        }

        if (filter.Window is var (from, to))
        {
            query = query.Where(a => a.WindowStart <= to && a.WindowEnd >= from);
        }

        if (filter.MinSeverity != Severity.Unspecified)
        {
            query = query.Where(a => a.Severity >= filter.MinSeverity);
        }

        var page = new List<(long Id, Alert Alert)>();
        var position = after;
        while (page.Count <= size)
        {
            var before = position;
            var chunk = await (before is { } last ? query.Where(a => a.Id < last) : query).OrderByDescending(a => a.Id).Take(Chunk).ToListAsync(ct);
            page.AddRange(chunk
                .Select(a => (a.Id, Alert: a.ToAlert()))
                .Where(a => filter.Series is null || Selection.From(a.Alert.Series).IsWithin(filter.Series))
                .Take(size + 1 - page.Count));
            if (chunk.Count < Chunk)
            {
                break;
            }

            position = chunk[^1].Id;
        }

        var next = page.Count > size ? PageTokens.Encode(page[size - 1].Id) : "";
        return ([.. page.Take(size).Select(a => a.Alert)], next);
    }

    public async Task<Alert> GetAsync(string alertId, CancellationToken ct) =>
        (await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.AlertId == alertId, ct) ?? throw new NotFoundException("alert", alertId)).ToAlert();

    /// <summary>One alert's events, oldest first, silenced ones included: this is its history, not the live feed.</summary>
    public async Task<(IReadOnlyList<AlertEvent> Events, string NextPageToken)> EventsAsync(string alertId, int pageSize, string pageToken, CancellationToken ct)
    {
        var (size, after) = PageTokens.ReadNumber(pageSize, pageToken);
        if (!await db.Alerts.AnyAsync(a => a.AlertId == alertId, ct))
        {
            throw new NotFoundException("alert", alertId);
        }

        var query = db.AlertEvents.AsNoTracking().Where(e => e.AlertId == alertId);
        if (after is { } last)
        {
            query = query.Where(e => e.Sequence > last);
        }

        var page = await query.OrderBy(e => e.Sequence).Take(size + 1).ToListAsync(ct);
        var next = page.Count > size ? PageTokens.Encode(page[size - 1].Sequence) : "";
        return ([.. page.Take(size).Select(e => e.ToEvent())], next);
    }

    /// <summary>Records who acknowledged the alert, when and what they said, and tells subscribers.</summary>
    public async Task<Alert> AcknowledgeAsync(string alertId, string? comment, string actor, CancellationToken ct)
    {
        var violations = new FieldViolations();
        var text = violations.Text(comment, "comment", MaxCommentLength, multiline: true);
        violations.ThrowIfAny();
        for (var attempt = 1; ; attempt++)
        {
            var record = await db.Alerts.SingleOrDefaultAsync(a => a.AlertId == alertId, ct) ?? throw new NotFoundException("alert", alertId);
            var now = time.GetUtcNow().UtcDateTime;
            var alert = record.ToAlert();
            alert.Acknowledged = true;
            alert.AcknowledgedBy = actor;
            alert.AcknowledgeComment = text ?? "";
            alert.AcknowledgeTime = ProtoDates.ToTimestamp(now);
            alert.UpdateTime = alert.AcknowledgeTime;
            record.Store(alert);
            AlertRecorder.Add(db, AlertRecorder.Acknowledged(alert, actor, text ?? "", now), suppressed: false);
            try
            {
                await db.SaveChangesAsync(ct);
                return alert;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAcknowledgeAttempts)
            {
                // An evaluation changed the alert since it was read: acknowledge it as it now stands.
                db.ChangeTracker.Clear();
            }
        }
    }
}
