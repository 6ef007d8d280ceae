using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;
using Vigia.ServiceDefaults.Telemetry;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// Publishes outbox rows in order, each under its own MessageId, and marks them sent only once they are delivered:
/// on RabbitMQ when the broker confirmed them and routed them to a queue (a publish is mandatory: a message no queue
/// is bound for yet comes back, and its row stays pending; the rows published beside it are not held back); on the
/// in-memory bus when every consumer committed them (<see cref="DeliveryConfirmations"/>), so rows not confirmed before
/// a crash are published again at start-up. A row that fails because the broker is away stays and is retried with
/// back-off: nothing is dropped. A row that cannot be published (unknown type, unreadable body, too large, or failing on
/// its own after bounded attempts) is set aside with its reason and the rows behind it flow. Only the replica holding
/// the relay's <see cref="RelayLease"/> publishes.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes, IBus bus, OutboxMessageTypes types, CommitSignal<TContext> signal, TimeProvider time,
    ServiceSchema<TContext> schema, DeliveryMetrics metrics, DeliveryConfirmations confirmations, IOptions<DeliveryOptions> options,
    IOptions<BusOptions> busOptions, ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private const int BatchSize = 100;

    // On a broker, how many rows are published before their confirmations are awaited: bounds the messages a pass holds
    // deserialised at once (a bulk batch is some hundreds of kilobytes) and what a broker that went away makes it wait for.
    private const int MaxUnconfirmed = 16;

    // On the in-memory bus, how many published messages may wait for their consumers before the relay stops
    // publishing more: what is in flight lives only in memory.
    private const int MaxInFlight = 200;
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_retention = TimeSpan.FromDays(1);
    private static readonly ActivitySource s_activitySource = new("Vigia.Outbox");
    private static readonly TimeSpan s_backlogInterval = TimeSpan.FromSeconds(5);

    // The relay reads after every commit that adds rows, several times for a report on its way.
    private static readonly CompiledPerModel<Func<TContext, int, IAsyncEnumerable<OutboxMessage>>> s_oldestPending = new(() => EF.CompileAsyncQuery(
        (TContext db, int take) => db.Set<OutboxMessage>().Where(OutboxMessage.IsPending).OrderBy(m => m.Sequence).Take(take)));

    private static readonly CompiledPerModel<Func<TContext, int, IAsyncEnumerable<long>>> s_oldestPendingSequences = new(() => EF.CompileAsyncQuery(
        (TContext db, int take) => db.Set<OutboxMessage>().Where(OutboxMessage.IsPending).OrderBy(m => m.Sequence)
            .Select(m => m.Sequence).Take(take)));

    private readonly RelayPasses _passes = new($"outbox:{schema.Name}", logger);

    // In-memory bus only: rows published and waiting for their consumers (by sequence), and those whose wait ended
    // (null: every consumer committed; otherwise why one gave up).
    private readonly ConcurrentDictionary<long, byte> _inFlight = new();
    private readonly ConcurrentQueue<(long Sequence, string? Fault)> _delivered = new();

    // How many deliveries the consumers confirmed: each wakes the relay to mark it, as a commit adding outbox rows does.
    private long _deliveries;

    // In-memory bus only, used inside passes (one at a time): the count of commits here that added outbox rows as it stood
    // before the last read that took every pending row and whose rows went out, and when that read began (null: the next
    // pass reads).
    private (long OutboxCommits, long At)? _fullRead;

    private DateTime _lastCleanup = DateTime.MinValue;
    private DateTime _lastBacklog = DateTime.MinValue;

    // Every read starts from the first pending row (position 0): concurrent writers commit their sequence numbers
    // out of order, so a row can become visible behind one already sent.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SequenceLoop.RunAsync($"Outbox relay for {schema.Name}", async ct =>
        {
            await foreach (var _ in SequenceLoop.FollowAsync(
                signal, 0, (_, ct) => PublishPendingAsync(ct), _ => 0, BatchSize, SequenceLoop.DefaultPollInterval, ct, RelevantCommits))
            {
                // Each batch is published as it is read.
            }
        }, logger, time, s_maxBackoff, stoppingToken);

    /// <summary>Stops following and gives up the lease, so another replica takes over at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _passes.ReleaseAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _passes.Dispose();
        base.Dispose();
    }

    /// <summary>What wakes the loop: a commit here that added outbox rows, or consumers having confirmed a delivery.</summary>
    private long? RelevantCommits() => signal.AddedCommits(typeof(OutboxMessage)) + Interlocked.Read(ref _deliveries);

    /// <summary>
    /// Publishes every pending row now (the hand-over after a commit on SQLite). It only publishes: marking delivered
    /// rows, the backlog gauge and the clean-up are writes and reads the committer (a SubmitReport's answer, a consumer)
    /// need not wait for, and the loop, woken by the same commit, does them next.
    /// </summary>
    public async Task PublishAllPendingAsync(CancellationToken ct)
    {
        while ((await PublishPendingAsync(ct, handOver: true)).Count == BatchSize)
        {
            // Another full batch may follow.
        }
    }

    /// <summary>Publishes up to one batch of pending rows, oldest first, when this replica holds the relay's lease; returns the rows that went out.</summary>
    private async Task<IReadOnlyList<OutboxMessage>> PublishPendingAsync(CancellationToken ct, bool handOver = false)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await _passes.RunAsync(db, ct => PublishPendingAsync(db, handOver, ct), ct);
    }

    private async Task<IReadOnlyList<OutboxMessage>> PublishPendingAsync(TContext db, bool handOver, CancellationToken ct)
    {
        // New rows go out before the marks of those already delivered: reading needs no lock, a mark needs SQLite's one
        // write lock, and marking first made every hand-over (and the SubmitReport that commits a live report) wait for
        // whichever transaction held the file, a bulk batch's for up to 200 ms.
        List<OutboxMessage> pending;
        if (confirmations.AwaitsConsumers)
        {
            (pending, var fullRead) = await ReadNewAsync(db, ct);
            await PublishAwaitingConsumersAsync(db, pending, ct);
            // Only once the rows went out: a row a failed publish left pending is read again at the next pass.
            _fullRead = fullRead;
        }
        else
        {
            pending = await ReadPendingAsync(db, ct);
            await PublishConfirmedAsync(db, pending, ct);
        }

        if (handOver)
        {
            return pending;
        }

        await MarkDeliveredAsync(db, ct);

        await RecordBacklogAsync(db, ct);

        if (pending.Count < BatchSize)
        {
            await CleanupAsync(db, ct);
        }

        return pending;
    }

    /// <summary>
    /// On a broker: the rows are published in order, up to <see cref="MaxUnconfirmed"/> before their confirmations are
    /// awaited together, and marked in one save. Awaiting each confirmation and writing each mark before the next publish
    /// cost a round trip to the broker and one to the database per row (in one trace, six registry messages after three
    /// live reports took 30 ms), and a row the broker returned held back every row behind it. A crash between the
    /// confirmations and the save publishes those rows again, which the consumers' inboxes drop. A row that fails is
    /// retried (or set aside) as before while the rows beside it go out, so it can arrive after rows that followed it:
    /// consumers already allow for that, as a message retried after a failure of its own lands behind later ones too.
    /// After a group with a failure other than a returned message (the broker away or slow), the rest of the pass waits for
    /// the retry.
    /// </summary>
    private async Task PublishConfirmedAsync(TContext db, List<OutboxMessage> pending, CancellationToken ct)
    {
        Exception? retry = null;
        foreach (var group in pending.Chunk(MaxUnconfirmed))
        {
            if (retry is not null and not MessageReturnedException)
            {
                break;
            }

            var publishes = group.Select(row => (Row: row, Publish: PublishAsync(row, types.Find(row.MessageType), ct))).ToList();
            try
            {
                await Task.WhenAll(publishes.Select(p => p.Publish));
            }
            catch (Exception)
            {
                // Each row's outcome is read below.
            }

            var now = time.GetUtcNow().UtcDateTime;
            foreach (var (row, publish) in publishes)
            {
                if (publish.IsCompletedSuccessfully)
                {
                    row.Attempts++;
                    row.SentAt = now;
                    metrics.RecordPublished(schema.Name, row.MessageType);
                    continue;
                }

                if (publish.IsCanceled && ct.IsCancellationRequested)
                {
                    // Stopping: not an attempt.
                    retry = new OperationCanceledException(ct);
                    continue;
                }

                var error = publish.Exception?.InnerException
                    ?? new TimeoutException($"The broker did not confirm the message within {s_publishTimeout.TotalSeconds} s.");
                if (!FailedAttempt(row, error) && (retry is null or MessageReturnedException))
                {
                    retry = error;
                }
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
        if (retry is not null)
        {
            // The loop backs off and reads the pending rows again.
            ExceptionDispatchInfo.Throw(retry);
        }
    }

    /// <summary>On the in-memory bus: a row counts as sent once every consumer committed it (<see cref="MarkDeliveredAsync"/>).</summary>
    private async Task PublishAwaitingConsumersAsync(TContext db, List<OutboxMessage> pending, CancellationToken ct)
    {
        foreach (var row in pending)
        {
            // Listening before the bus takes it: on the in-memory bus a fast consumer confirms before Publish returns.
            var type = types.Find(row.MessageType);
            var delivered = type is not null ? confirmations.DeliveredAsync(row.MessageId, type) : null;
            try
            {
                await PublishAsync(row, type, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                confirmations.Forget(row.MessageId);
                var setAside = FailedAttempt(row, ex);
                await db.SaveChangesAsync(CancellationToken.None);
                if (setAside)
                {
                    continue;
                }

                throw;
            }

            metrics.RecordPublished(schema.Name, row.MessageType);
            if (delivered is { IsCompletedSuccessfully: false } or { Result: not null })
            {
                // With consumers still to commit it: the attempt and the sending are marked together once they have
                // (MarkDeliveredAsync). Nothing is written now: on SQLite a write per row here held the file's one write
                // lock in every commit's hand-over, before the consumer could take its next message.
                Await(row.Sequence, delivered);
                continue;
            }

            // No consumer waits for it, or all have committed it already.
            row.Attempts++;
            row.SentAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// In-memory bus: the pending rows, unless no commit here added outbox rows since a read that took them all (then
    /// none, without a statement), and the read for the pass to remember once they went out (null when it may have left
    /// rows behind). A message wakes the relay three times on SQLite, the committer's hand-over, the loop
    /// woken by the same commit, and its consumer's confirmation, and each pass read the outbox again (one or two
    /// statements, about a sixth of all statements over a 2,000-report run, docs/benchmarks.md, thirty-seventh session);
    /// only the first can find a new row. Rows pending again without such a commit (another process's writes) are read
    /// at the next pass after the poll interval.
    /// </summary>
    private async Task<(List<OutboxMessage> Rows, (long OutboxCommits, long At)? FullRead)> ReadNewAsync(TContext db, CancellationToken ct)
    {
        var added = signal.AddedCommits(typeof(OutboxMessage));
        // The wall clock, as the loop's poll waits by it (a test's clock may stand still).
        if (_fullRead is { } last && last.OutboxCommits == added && Stopwatch.GetElapsedTime(last.At) < SequenceLoop.DefaultPollInterval)
        {
            return ([], last);
        }

        var startedAt = Stopwatch.GetTimestamp();
        var capped = _inFlight.Count >= MaxInFlight;
        var pending = await ReadPendingAsync(db, ct);
        // A full batch, or a read the in-flight bound held back, may have left rows behind it.
        return (pending, capped || pending.Count >= BatchSize ? null : (added, startedAt));
    }

    /// <summary>The oldest pending rows, skipping those in flight on the in-memory bus.</summary>
    private async Task<List<OutboxMessage>> ReadPendingAsync(TContext db, CancellationToken ct)
    {
        if (_inFlight.IsEmpty)
        {
            return await s_oldestPending.For(db)(db, BatchSize).ToListAsync(ct);
        }

        if (_inFlight.Count >= MaxInFlight)
        {
            return [];
        }

        // Sequences first (small), then only the rows to publish: in-flight rows keep their place at the front.
        var sequences = await s_oldestPendingSequences.For(db)(db, BatchSize + _inFlight.Count).ToListAsync(ct);
        var next = sequences.Where(s => !_inFlight.ContainsKey(s)).Take(BatchSize).ToList();
        return next.Count == 0
            ? []
            : await db.Set<OutboxMessage>().Where(m => next.Contains(m.Sequence)).OrderBy(m => m.Sequence).ToListAsync(ct);
    }

    /// <summary>In-memory bus: the row counts as sent once every consumer committed it (<see cref="MarkDeliveredAsync"/>).</summary>
    private void Await(long sequence, Task<string?> delivered)
    {
        _inFlight[sequence] = 0;
        _ = delivered.ContinueWith(
            delivered =>
            {
                _delivered.Enqueue((sequence, delivered.Result));
                Interlocked.Increment(ref _deliveries);
                signal.Notify();
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Marks the rows whose consumers committed them sent, and sets aside those a consumer gave up on.</summary>
    private async Task MarkDeliveredAsync(TContext db, CancellationToken ct)
    {
        var taken = new List<(long Sequence, string? Fault)>();
        while (_delivered.TryDequeue(out var delivered))
        {
            taken.Add(delivered);
        }

        var committed = taken.Where(d => d.Fault is null).Select(d => d.Sequence).ToList();
        var faulted = taken.Where(d => d.Fault is not null).ToDictionary(d => d.Sequence, d => d.Fault!);
        try
        {
            if (committed.Count > 0)
            {
                await MarkSentAsync(db, committed, time.GetUtcNow().UtcDateTime, ct);
            }

            if (faulted.Count > 0)
            {
                var rows = await db.Set<OutboxMessage>().Where(m => faulted.Keys.Contains(m.Sequence)).ToListAsync(ct);
                rows.ForEach(row =>
                {
                    row.Attempts++;
                    SetAside(row, faulted[row.Sequence], error: null);
                });
                await db.SaveChangesAsync(ct);
            }
        }
        catch
        {
            // The database was busy or away: mark them at the next pass.
            taken.ForEach(_delivered.Enqueue);
            throw;
        }

        committed.ForEach(s => _inFlight.TryRemove(s, out _));
        faulted.Keys.ToList().ForEach(s => _inFlight.TryRemove(s, out _));
    }

    /// <summary>
    /// Marks the rows sent, in one statement of SQL text that does not change with the rows: the LINQ update it replaces was
    /// translated again on every call (its list of sequences is a parameter per element), for every message delivered.
    /// </summary>
    private static Task<int> MarkSentAsync(TContext db, List<long> sequences, DateTime now, CancellationToken ct)
    {
        var sql = new ModelSql(db);
        var table = sql.Table<OutboxMessage>();
        string Column(string property) => sql.Column<OutboxMessage>(property);
        var (sequence, sentAt, attempts) = (Column(nameof(OutboxMessage.Sequence)), Column(nameof(OutboxMessage.SentAt)), Column(nameof(OutboxMessage.Attempts)));
        var parameters = new List<DbParameter> { sql.Parameter("now", now) };
        var delivered = sql.AnyOf(sequence, "sequences", parameters, sequences.ToArray());
#pragma warning disable EF1002 // every identifier comes from the model through ModelSql; the values are parameters
        return db.Database.ExecuteSqlRawAsync($"UPDATE {table} SET {sentAt} = @now, {attempts} = {attempts} + 1 WHERE {delivered}", parameters, ct);
#pragma warning restore EF1002
    }

    /// <summary>
    /// Why the row is to be set aside after <paramref name="error"/>, or null to keep it pending and retry. The broker
    /// being away, a publish timing out or coming back unroutable is nobody's fault but the topology's or the
    /// network's: such rows wait however long it takes.
    /// </summary>
    private string? SetAsideReason(OutboxMessage row, Exception error)
    {
        if (error is UnpublishableRowException)
        {
            return error.Message;
        }

        if (error is MessageReturnedException || TransientFailures.IsTransient(error) || bus is IBusControl control && control.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            return null;
        }

        return row.Attempts >= options.Value.OutboxAttemptsBeforeSetAside
            ? $"failed {row.Attempts} times with the bus healthy; last: {error.GetType().Name}: {error.Message}"
            : null;
    }

    /// <summary>Counts a failed publish of the row and keeps its error; returns whether the row was set aside for it.</summary>
    private bool FailedAttempt(OutboxMessage row, Exception error)
    {
        row.Attempts++;
        row.LastError = error.Message.Length > 2000 ? error.Message[..2000] : error.Message;
        if (SetAsideReason(row, error) is not { } reason)
        {
            return false;
        }

        SetAside(row, reason, error);
        return true;
    }

    private void SetAside(OutboxMessage row, string reason, Exception? error)
    {
        row.SetAsideAt = time.GetUtcNow().UtcDateTime;
        row.SetAsideReason = reason.Length > 2000 ? reason[..2000] : reason;
        metrics.RecordSetAside(schema.Name, row.MessageType);
        logger.LogError(error, "Outbox row {Sequence} ({MessageType}, message {MessageId}) of {Schema} set aside: {Reason}",
            row.Sequence, row.MessageType, row.MessageId, schema.Name, row.SetAsideReason);
    }

    /// <param name="type">The row's message type as this service registered it; null when it registered none.</param>
    private async Task PublishAsync(OutboxMessage row, Type? type, CancellationToken ct)
    {
        if (type is null)
        {
            throw new UnpublishableRowException($"Outbox row {row.Sequence} holds {row.MessageType}, which this service does not publish.");
        }

        var size = row.Payload?.Length ?? row.Body.Length;
        if (size > options.Value.MaxMessageBytes)
        {
            throw new UnpublishableRowException(
                $"Outbox row {row.Sequence} is {size} bytes, more than {DeliveryOptions.Section}:{nameof(DeliveryOptions.MaxMessageBytes)} ({options.Value.MaxMessageBytes}).");
        }

        object message;
        try
        {
            // A row holds its message in one form or the other, whatever the switch says now: rows written before it
            // changed go out all the same, in the form the switch asks of the bus.
            message = row.Read(type) ?? throw new UnpublishableRowException($"Outbox row {row.Sequence} has an empty body.");
        }
        catch (Exception ex) when (ex is not UnpublishableRowException)
        {
            throw new UnpublishableRowException($"Outbox row {row.Sequence} does not read as {type.Name}: {ex.Message}", ex);
        }

        using var activity = row.TraceParent is { } parent && ActivityContext.TryParse(parent, null, out var context)
            ? s_activitySource.StartActivity("outbox publish", ActivityKind.Producer, context)
            : s_activitySource.StartActivity("outbox publish", ActivityKind.Producer);
        activity?.SetTag("messaging.message.id", row.MessageId.ToString());
        activity?.SetTag("messaging.message.type", row.MessageType);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(s_publishTimeout);
        await bus.Publish(message, type, Pipe.Execute<PublishContext>(c =>
        {
            c.MessageId = row.MessageId;
            // Unroutable (no queue bound yet on a fresh broker) must come back as not sent, not be confirmed and dropped.
            c.Mandatory = true;
            if (busOptions.Value.ProtobufBodies)
            {
                // A protobuf row goes out as it was written; it was read above all the same, so a row that does not
                // read as its type is set aside here rather than failing its consumers.
                ProtobufBodySerializer.UseFor(c, type, row.Payload);
            }
        }), timeout.Token);
    }

    // The backlog is a gauge read every few seconds at most: measuring it after every pass would put two more
    // queries on each commit's hand-over. One grouped query gives both the count and the oldest row.
    private async Task RecordBacklogAsync(TContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now - _lastBacklog < s_backlogInterval)
        {
            return;
        }

        _lastBacklog = now;
        var backlog = await db.Set<OutboxMessage>()
            .Where(OutboxMessage.IsPending)
            .GroupBy(_ => 1)
            .Select(g => new { Pending = g.LongCount(), Oldest = g.Min(m => m.CreatedAt) })
            .SingleOrDefaultAsync(ct);
        metrics.RecordOutbox(schema.Name, backlog?.Pending ?? 0, backlog is null ? TimeSpan.Zero : now - backlog.Oldest);
    }

    private async Task CleanupAsync(TContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now - _lastCleanup < TimeSpan.FromMinutes(10))
        {
            return;
        }

        _lastCleanup = now;
        var cutoff = now - s_retention;
        await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(ct);
        await db.Set<InboxMessage>().Where(m => m.ProcessedAt < cutoff.AddDays(-6)).ExecuteDeleteAsync(ct);
    }
}

/// <summary>An outbox row that no retry can publish: it is set aside at once.</summary>
public sealed class UnpublishableRowException(string message, Exception? inner = null) : Exception(message, inner);
