using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Messages.Protobuf;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Waves;

/// <summary>
/// A SeriesChanged message alerting took off the bus and has not judged yet, kept as its protobuf bus body. The
/// consumer only queues it (with its inbox mark); <see cref="SeriesJudge"/> judges everything queued at once.
/// </summary>
public class PendingSeriesChange
{
    public long Sequence { get; set; }
    public Guid MessageId { get; set; }
    public required byte[] Body { get; set; }
    public DateTime ReceivedAt { get; set; }

    /// <summary>How many changes the message carries: the judge takes small messages ahead of a bulk backlog.</summary>
    public int ChangeCount { get; set; }

    // The judge's claim: at every pass, and after every pass to find the queue empty.
    private static readonly CompiledPerModel<Func<AlertingDbContext, DateTime, CancellationToken, Task<bool>>> s_backlogDue = new(() => EF.CompileAsyncQuery(
        (AlertingDbContext db, DateTime dueBefore, CancellationToken ct) => db.PendingSeriesChanges.Any(p => p.ReceivedAt < dueBefore)));

    // On SQLite (EF Core leaves out the condition of a parameter that is null).
    private static readonly CompiledPerModel<Func<AlertingDbContext, int, long?, int?, IAsyncEnumerable<PendingSeriesChange>>> s_claimable = new(() => EF.CompileAsyncQuery(
        (AlertingDbContext db, int limit, long? sequence, int? maxChanges) => db.PendingSeriesChanges
            .Where(p => (sequence == null || p.Sequence == sequence) && (maxChanges == null || p.ChangeCount <= maxChanges))
            .OrderBy(p => p.Sequence).Take(limit).AsNoTracking()));

    public static PendingSeriesChange Of(Guid messageId, SeriesChanged message, DateTime receivedAt) => new()
    {
        MessageId = messageId,
        Body = ProtobufBodies.Write(message),
        ReceivedAt = receivedAt,
        ChangeCount = message.Changes.Count,
    };

    /// <exception cref="Google.Protobuf.InvalidProtocolBufferException">The body is not a SeriesChanged.</exception>
    public SeriesChanged Read() => (SeriesChanged)ProtobufBodies.Read(typeof(SeriesChanged), Body);

    /// <summary>
    /// Takes the messages of the next pass: the oldest small ones (at most <paramref name="smallChanges"/> changes each)
    /// when any is queued, unless a message received before <paramref name="backlogDueBefore"/> is still waiting;
    /// otherwise the oldest, whatever their size. So a live report goes ahead of a backlog, and small messages arriving
    /// without pause cannot hold the backlog back for longer than the caller allows.
    /// </summary>
    public static async Task<List<PendingSeriesChange>> ClaimPassAsync(
        AlertingDbContext db, int limit, int smallChanges, DateTime backlogDueBefore, CancellationToken ct)
    {
        if (!await s_backlogDue.For(db)(db, backlogDueBefore, ct)
            && await ClaimAsync(db, limit, sequence: null, smallChanges, ct) is { Count: > 0 } small)
        {
            return small;
        }

        return await ClaimAsync(db, limit, sequence: null, maxChanges: null, ct);
    }

    /// <summary>
    /// Takes the oldest pending messages (at most <paramref name="limit"/>; from <paramref name="sequence"/> alone when
    /// given; only those of at most <paramref name="maxChanges"/> changes when given) for the caller's transaction. On
    /// PostgreSQL the rows stay locked until it ends and rows another replica holds are skipped, so two replicas never
    /// judge one message; SQLite has one writer, in one process.
    /// </summary>
    public static Task<List<PendingSeriesChange>> ClaimAsync(AlertingDbContext db, int limit, long? sequence, int? maxChanges, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return s_claimable.For(db)(db, limit, sequence, maxChanges).ToListAsync(ct).AsTask();
        }

        var sql = new ModelSql(db);
        var table = sql.Table<PendingSeriesChange>();
        var sequenceColumn = sql.Column<PendingSeriesChange>(nameof(Sequence));
        var conditions = new List<string>();
        var parameters = new List<object> { limit };
        if (sequence is { } only)
        {
            parameters.Add(only);
            conditions.Add($"{sequenceColumn} = {{{parameters.Count - 1}}}");
        }

        if (maxChanges is { } most)
        {
            parameters.Add(most);
            conditions.Add($"{sql.Column<PendingSeriesChange>(nameof(ChangeCount))} <= {{{parameters.Count - 1}}}");
        }

        var where = conditions.Count == 0 ? "" : $"WHERE {string.Join(" AND ", conditions)} ";
#pragma warning disable EF1002 // the names are the model's own, delimited; the values go in as parameters
        return db.PendingSeriesChanges.FromSqlRaw($"SELECT * FROM {table} {where}ORDER BY {sequenceColumn} LIMIT {{0}} FOR UPDATE SKIP LOCKED", [.. parameters])
#pragma warning restore EF1002
            .AsNoTracking()
            .ToListAsync(ct);
    }
}
