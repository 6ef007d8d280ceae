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

    public static PendingSeriesChange Of(Guid messageId, SeriesChanged message, DateTime receivedAt) => new()
    {
        MessageId = messageId,
        Body = ProtobufBodies.Write(message),
        ReceivedAt = receivedAt,
    };

    /// <exception cref="Google.Protobuf.InvalidProtocolBufferException">The body is not a SeriesChanged.</exception>
    public SeriesChanged Read() => (SeriesChanged)ProtobufBodies.Read(typeof(SeriesChanged), Body);

    /// <summary>
    /// Takes the oldest pending messages (at most <paramref name="limit"/>, from <paramref name="sequence"/> alone when
    /// given) for the caller's transaction. On PostgreSQL the rows stay locked until it ends and rows another replica
    /// holds are skipped, so two replicas never judge one message; SQLite has one writer, in one process.
    /// </summary>
    public static Task<List<PendingSeriesChange>> ClaimAsync(AlertingDbContext db, int limit, long? sequence, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            var rows = db.PendingSeriesChanges.AsQueryable();
            if (sequence is { } one)
            {
                rows = rows.Where(p => p.Sequence == one);
            }

            return rows.OrderBy(p => p.Sequence).Take(limit).AsNoTracking().ToListAsync(ct);
        }

        var sql = new ModelSql(db);
        var (table, sequenceColumn) = (sql.Table<PendingSeriesChange>(), sql.Column<PendingSeriesChange>(nameof(Sequence)));
        object[] parameters = sequence is { } only ? [limit, only] : [limit];
        var where = sequence is null ? "" : $"WHERE {sequenceColumn} = {{1}} ";
#pragma warning disable EF1002 // the names are the model's own, delimited; the values go in as parameters
        return db.PendingSeriesChanges.FromSqlRaw($"SELECT * FROM {table} {where}ORDER BY {sequenceColumn} LIMIT {{0}} FOR UPDATE SKIP LOCKED", parameters)
#pragma warning restore EF1002
            .AsNoTracking()
            .ToListAsync(ct);
    }
}
