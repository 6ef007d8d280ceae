using MassTransit;
using Vigia.Alerting.Data;
using Vigia.Alerting.Waves;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Alerting.Consumers;

/// <summary>
/// Queues each SeriesChanged for <see cref="SeriesJudge"/>, in one SaveChanges with the inbox mark: taking a message off
/// the bus costs one small write, and the judge takes whatever has queued up in one evaluation.
/// </summary>
public sealed class SeriesChangedConsumer(AlertingDbContext db, TimeProvider time) : IConsumer<SeriesChanged>, ISetAsideItemHandler<SeriesChange>
{
    public const string Name = "alerting.series-changed";

    public async Task Consume(ConsumeContext<SeriesChanged> context)
    {
        db.PendingSeriesChanges.Add(PendingSeriesChange.Of(context.MessageId ?? NewId.NextGuid(), context.Message, time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>Changes the judge set aside, queued again as a message of their own (<c>set-aside replay</c>).</summary>
    public async Task HandleSetAsideAsync(IReadOnlyList<SeriesChange> items, CancellationToken ct)
    {
        var message = new SeriesChanged { BatchId = NewId.NextGuid(), Changes = items };
        db.PendingSeriesChanges.Add(PendingSeriesChange.Of(NewId.NextGuid(), message, time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }
}
