using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Alerting.Rules;

/// <summary>
/// Keeps one rule's failure from stopping the others. A rule whose evaluation throws is marked failing
/// (reason, since when, next try) and skipped until its back-off has passed; the first day it missed is
/// kept, so its next successful evaluation re-judges what it skipped. A platform failure (statistics or
/// the database unreachable) is no rule's fault: it fails the whole batch, which the bus retries.
/// </summary>
public static class RuleFailures
{
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>Whether <paramref name="error"/> is the platform's (retry the batch) rather than the rule's.</summary>
    public static bool IsTransient(Exception error) => error switch
    {
        // Another replica (or an acknowledgement) changed a wave or an alert this evaluation read: judge again on what it left.
        DbUpdateConcurrencyException => true,
        // Statistics refusing alerting's own token is the platform's configuration, not the rule's fault.
        RpcException rpc when rpc.StatusCode is StatusCode.Cancelled or StatusCode.Unauthenticated or StatusCode.PermissionDenied => true,
        _ => TransientFailures.IsTransient(error),
    };

    /// <summary>How long a rule that failed <paramref name="failures"/> times in a row waits: doubling from a minute, at most an hour.</summary>
    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Clamp(failures - 1, 0, 16)));

    /// <summary>Records the failure, outside the change tracker (the caller has just discarded the rule's changes).</summary>
    public static Task MarkFailingAsync(AlertingDbContext db, RuleRecord rule, Exception error, DateOnly? skippedFrom, DateTime nowUtc, CancellationToken ct)
    {
        var failures = rule.Failures + 1;
        var reason = $"{error.GetType().Name}: {error.Message}";
        reason = reason.Length > 500 ? reason[..500] : reason;
        var since = rule.FailingSince ?? nowUtc;
        var retry = nowUtc + Backoff(failures);
        var from = Earliest(rule.SkippedFrom, skippedFrom);
        return db.Rules.Where(r => r.RuleId == rule.RuleId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.FailingReason, reason)
            .SetProperty(r => r.FailingSince, since)
            .SetProperty(r => r.NextRetryAt, retry)
            .SetProperty(r => r.Failures, failures)
            .SetProperty(r => r.SkippedFrom, from), ct);
    }

    /// <summary>Remembers the first day a rule skipped while waiting for its retry.</summary>
    public static Task NoteSkippedAsync(AlertingDbContext db, RuleRecord rule, DateOnly skippedFrom, CancellationToken ct)
    {
        var from = Earliest(rule.SkippedFrom, skippedFrom);
        return db.Rules.Where(r => r.RuleId == rule.RuleId).ExecuteUpdateAsync(s => s.SetProperty(r => r.SkippedFrom, from), ct);
    }

    /// <summary>The rule evaluated: it is no longer failing and has nothing left to catch up on.</summary>
    public static Task MarkHealthyAsync(AlertingDbContext db, RuleRecord rule, CancellationToken ct) =>
        rule.FailingReason is null && rule.SkippedFrom is null && rule.Failures == 0
            ? Task.CompletedTask
            : db.Rules.Where(r => r.RuleId == rule.RuleId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.FailingReason, (string?)null)
                .SetProperty(r => r.FailingSince, (DateTime?)null)
                .SetProperty(r => r.NextRetryAt, (DateTime?)null)
                .SetProperty(r => r.Failures, 0)
                .SetProperty(r => r.SkippedFrom, (DateOnly?)null), ct);

    private static DateOnly? Earliest(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
