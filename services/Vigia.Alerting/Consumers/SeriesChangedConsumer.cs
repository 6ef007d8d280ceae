using MassTransit;
using Vigia.Alerting.Data;
using Vigia.Alerting.Waves;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Consumers;

/// <summary>
/// Queues each SeriesChanged for <see cref="SeriesJudge"/>, in one SaveChanges with the inbox mark: taking a message off
/// the bus costs one small write, and the judge takes whatever has queued up in one evaluation.
/// </summary>
public sealed class SeriesChangedConsumer(AlertingDbContext db, QueueArrivals arrivals, TimeProvider time) : IConsumer<SeriesChanged>, ISetAsideItemHandler<SeriesChange>
{
    public const string Name = "alerting.series-changed";

    public Task Consume(ConsumeContext<SeriesChanged> context) =>
        QueueAsync(context.MessageId ?? RowIds.Next(), context.Message, context.CancellationToken);

    /// <summary>Changes the judge set aside, queued again as a message of their own (<c>set-aside replay</c>).</summary>
    public Task HandleSetAsideAsync(IReadOnlyList<SeriesChange> items, CancellationToken ct) =>
        QueueAsync(RowIds.Next(), new SeriesChanged { BatchId = RowIds.Next(), Changes = items }, ct);

    private async Task QueueAsync(Guid messageId, SeriesChanged message, CancellationToken ct)
    {
        using var arrival = arrivals.Arrive();
        db.PendingSeriesChanges.Add(PendingSeriesChange.Of(messageId, message, time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }
}
