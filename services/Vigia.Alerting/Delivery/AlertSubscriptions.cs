using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.Alerting.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// Serves one subscriber: the stored events after resume_after, then the live feed, with no gap and
/// no duplicate. It joins the live feed first, then replays up to the feed's frontier, then skips live
/// events the replay (or, for a subscriber resuming on another replica, the replica it came from) already covered.
/// </summary>
public sealed class AlertSubscriptions(AlertingDbContext db, AlertFeed feed)
{
    private const int ReplayPage = 500;

    /// <summary>The event id column's length.</summary>
    private const int MaxEventIdLength = 64;

    public async Task StreamAsync(SubscribeAlertsRequest request, Func<AlertEvent, Task> write, Func<Task> subscribed, CancellationToken ct)
    {
        Check(request);
        var filter = new AlertEventFilter(request.Selector, request.MinSeverity, request.Labels);
        using var subscription = feed.Subscribe();
        // Tells the client it is subscribed (response headers) before any event exists, so it can
        // act knowing nothing from now on will be missed.
        await subscribed();
        long replayedThrough = 0;
        if (request.ResumeAfter.Length > 0)
        {
            replayedThrough = await db.AlertEvents.AsNoTracking()
                .Where(e => e.EventId == request.ResumeAfter)
                .Select(e => (long?)e.Sequence)
                .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("alert event", request.ResumeAfter);
            // Only up to the dispatcher's frontier: past it another replica may still commit an earlier number, which
            // the feed delivers in its place. A subscriber resuming after an event past the frontier (it came from a
            // replica further ahead) has everything before it already.
            var frontier = await feed.FrontierAsync(ct);
            while (replayedThrough < frontier)
            {
                var after = replayedThrough;
                var page = await db.AlertEvents.AsNoTracking()
                    .Where(e => e.Sequence > after && e.Sequence <= frontier)
                    .OrderBy(e => e.Sequence)
                    .Take(ReplayPage)
                    .ToListAsync(ct);
                foreach (var row in page)
                {
                    replayedThrough = row.Sequence;
                    var alertEvent = row.ToEvent();
                    if (!row.Suppressed && filter.Matches(alertEvent))
                    {
                        await write(alertEvent);
                    }
                }

                if (page.Count < ReplayPage)
                {
                    replayedThrough = Math.Max(replayedThrough, frontier);
                    break;
                }
            }
        }

        await foreach (var committed in subscription.Reader.ReadAllAsync(ct))
        {
            if (committed.Sequence > replayedThrough && filter.Matches(committed.Event))
            {
                await write(committed.Event);
            }
        }
    }

    /// <summary>The filter checked as every selector, label set and id is: a subscription is another way in.</summary>
    private static void Check(SubscribeAlertsRequest request)
    {
        var violations = new FieldViolations();
        violations.Selector(request.Selector, "selector");
        violations.Defaulted(request.MinSeverity, Severity.Unspecified, Severity.Low, "min_severity");
        violations.Labels(request.Labels, "labels");
        violations.Text(request.ResumeAfter, "resume_after", MaxEventIdLength);
        violations.ThrowIfAny("The subscription has invalid fields.");
    }
}
