using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Consumers;
using Vigia.Alerting.Data;
using Vigia.Alerting.Rules;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Waves;

/// <summary>
/// Judges the SeriesChanged messages the consumer queued (<see cref="PendingSeriesChange"/>): everything queued, in one
/// <see cref="AlertEvaluator"/> pass that commits with the removal of what it judged. A pass costs per series and day
/// judged, not per incident, so a bulk load's backlog (hundreds of 500-incident messages, each spanning months) is
/// judged in a few passes instead of one per message. Small messages (a report typed in at a desk, an amendment) are
/// judged first, in a pass of their own: a live report queued behind a back-fill waits for the pass under way and its
/// own short one, not for the backlog ahead of it; once a message has waited <see cref="BacklogPatience"/> the oldest go
/// first again, so a steady trickle never holds a backlog back for long.
/// A dependency away (statistics, the database), or another replica having changed a wave this pass read, leaves the
/// messages queued and the pass is tried again with back-off (<see cref="RuleFailures.IsTransient"/>), the service
/// reporting not-ready meanwhile: nothing goes to an error queue. A pass that fails for any other reason (a rule
/// failing among them: the pass judges without a savepoint per rule, two round trips per rule and step saved) is
/// split: each message is judged alone with each rule behind its savepoint, so a failing rule fails alone, and each
/// change of a message that still fails is judged alone, so one bad change is set aside
/// (<see cref="SetAsideItem"/>, <c>set-aside list|replay</c>) and the others are judged.
/// </summary>
public sealed class SeriesJudge(
    IServiceScopeFactory scopes, CommitSignal<AlertingDbContext> signal, QueueArrivals arrivals, DependencyWaits waits, TimeProvider time,
    ILogger<SeriesJudge> logger)
    : BackgroundService
{
    /// <summary>
    /// The most messages in one pass: bounds its memory (up to 500 changes a message) and how long it holds its series'
    /// locks. Sixteen against 32: alerting peaked 312–321 MiB against 328–329 over 200,000 reports spread over eleven
    /// years, with the same CPU (docs/benchmarks.md, twenty-second session).
    /// </summary>
    public const int MaxMessagesPerPass = 16;

    /// <summary>
    /// A message of at most this many changes is small: a pass over a few changes costs tens of milliseconds, against
    /// a second or more for a pass over a bulk load's 500-change messages spanning a year.
    /// </summary>
    public const int SmallMessageChanges = 16;

    /// <summary>How long small messages may keep a queued message waiting before the oldest are judged first again.</summary>
    public static readonly TimeSpan BacklogPatience = TimeSpan.FromSeconds(10);

    private const string MessageSavepoint = "message";
    private const string ChangeSavepoint = "change";
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);

    // The longest a pass waits for messages being queued to land (QueueArrivals): a SQLite retry is 150 ms.
    private static readonly TimeSpan s_arrivalsWait = TimeSpan.FromMilliseconds(300);

    // Judged messages are deleted, so every read starts from the oldest still queued (position 0).
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SequenceLoop.RunAsync("Alerting's series judge", async ct =>
        {
            await foreach (var _ in SequenceLoop.FollowAsync(
                signal, 0, (_, ct) => JudgeQueuedAsync(ct), s => s, MaxMessagesPerPass, SequenceLoop.DefaultPollInterval, ct,
                () => signal.AddedCommits(typeof(PendingSeriesChange))))
            {
                // Each pass commits before it is yielded.
            }
        }, logger, time, s_maxBackoff, stoppingToken);

    /// <summary>One pass over what is queued; returns the sequence numbers of the messages it judged (none: nothing was queued).</summary>
    public async Task<IReadOnlyList<long>> JudgeQueuedAsync(CancellationToken ct)
    {
        await arrivals.SettledAsync(s_arrivalsWait, ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        // Rules are not isolated in this pass: a failing rule throws, and the messages are judged again one by one in
        // JudgeAloneAsync, with each rule behind its savepoint. So a failure of any kind rolls the pass back whole.
        await using var transaction = await db.Database.BeginWholeTransactionAsync(ct);
        var queued = await PendingSeriesChange.ClaimPassAsync(
            db, MaxMessagesPerPass, SmallMessageChanges, time.GetUtcNow().UtcDateTime - BacklogPatience, ct);
        if (queued.Count == 0)
        {
            return [];
        }

        var waitKey = queued[0].MessageId;
        var started = time.GetTimestamp();
        try
        {
            var messages = queued.Select(q => q.Read()).ToList();
            var changes = new SeriesChanged { BatchId = messages[0].BatchId, Changes = [.. messages.SelectMany(m => m.Changes)] };
            var events = await scope.ServiceProvider.GetRequiredService<AlertEvaluator>().ApplyAsync(changes, ct, isolateRules: false);
            await db.SaveChangesAsync(ct);
            await RemoveAsync(db, queued, ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Judged {Messages} SeriesChanged ({Changes} changes, the oldest queued {Waited} ms before) in {Elapsed} ms: {Events} alert event(s)",
                queued.Count, changes.Changes.Count, (long)(time.GetUtcNow().UtcDateTime - queued[0].ReceivedAt).TotalMilliseconds,
                (long)time.GetElapsedTime(started).TotalMilliseconds, events);
        }
        catch (Exception ex) when (RuleFailures.IsTransient(ex) && !ct.IsCancellationRequested)
        {
            // The runner logs it and tries again after a delay; until a pass succeeds the service says what it waits for.
            waits.Failed(waitKey, SeriesChangedConsumer.Name, ex);
            throw;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A rule that failed (RuleFailedException) fails alone there: each message is judged with every rule apart.
            logger.LogWarning(ex, "A pass over {Count} queued SeriesChanged failed; judging each message alone", queued.Count);
            await transaction.RollbackAsync(ct);
            foreach (var message in queued)
            {
                await JudgeAloneAsync(message.Sequence, ct);
            }
        }

        waits.Ended(waitKey, SeriesChangedConsumer.Name);
        return [.. queued.Select(q => q.Sequence)];
    }

    /// <summary>One queued message on its own; when it fails, each of its changes on its own, setting aside those that fail.</summary>
    private async Task JudgeAloneAsync(long sequence, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        var evaluator = scope.ServiceProvider.GetRequiredService<AlertEvaluator>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await PendingSeriesChange.ClaimAsync(db, 1, sequence, maxChanges: null, ct) is not [var queued])
        {
            // Another replica judged it meanwhile.
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        SeriesChanged message;
        try
        {
            message = queued.Read();
        }
        catch (InvalidProtocolBufferException ex)
        {
            logger.LogError(ex, "Set aside queued SeriesChanged {MessageId}: its body cannot be read", queued.MessageId);
            db.Add(SetAsideItem.For(SeriesChangedConsumer.Name, queued.MessageId, $"message {queued.MessageId}", Convert.ToBase64String(queued.Body), ex, now));
            await db.SaveChangesAsync(ct);
            await RemoveAsync(db, [queued], ct);
            await transaction.CommitAsync(ct);
            return;
        }

        if (!await TryApplyAsync(db, evaluator, MessageSavepoint, message, ct))
        {
            var setAside = new List<SetAsideItem>();
            foreach (var change in message.Changes)
            {
                var one = new SeriesChanged { BatchId = message.BatchId, Changes = [change] };
                await TryApplyAsync(db, evaluator, ChangeSavepoint, one, ct, failure =>
                {
                    var key = $"incident {change.Current.IncidentId} v{change.Current.Version}";
                    logger.LogError(failure, "Set aside {Change} of SeriesChanged {MessageId}", key, queued.MessageId);
                    setAside.Add(SetAsideItem.For(SeriesChangedConsumer.Name, queued.MessageId, key, change, failure, now));
                });
            }

            db.AddRange(setAside);
            await db.SaveChangesAsync(ct);
        }

        await RemoveAsync(db, [queued], ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Applies <paramref name="changes"/> behind a savepoint; a failure that is not transient is undone back to it and
    /// reported to <paramref name="failed"/> (a transient one is thrown: the whole pass waits for its dependency).
    /// </summary>
    private static async Task<bool> TryApplyAsync(
        AlertingDbContext db, AlertEvaluator evaluator, string savepoint, SeriesChanged changes, CancellationToken ct, Action<Exception>? failed = null)
    {
        var transaction = db.Database.CurrentTransaction!;
        await transaction.CreateSavepointAsync(savepoint, ct);
        try
        {
            await evaluator.ApplyAsync(changes, ct);
            await db.SaveChangesAsync(ct);
            await transaction.ReleaseSavepointAsync(savepoint, ct);
            return true;
        }
        catch (Exception ex) when (!RuleFailures.IsTransient(ex) && !ct.IsCancellationRequested)
        {
            await transaction.RollbackToSavepointAsync(savepoint, ct);
            db.ChangeTracker.Clear();
            failed?.Invoke(ex);
            return false;
        }
    }

    private static Task<int> RemoveAsync(AlertingDbContext db, IReadOnlyList<PendingSeriesChange> judged, CancellationToken ct)
    {
        var sequences = judged.Select(j => j.Sequence).ToList();
        return db.PendingSeriesChanges.Where(p => sequences.Contains(p.Sequence)).ExecuteDeleteAsync(ct);
    }
}
