using MassTransit;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;
using Vigia.Alerting.Evaluation;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Outbox;

namespace Vigia.Alerting.Consumers;

/// <summary>
/// Judges the series a batch of changed incidents touched. The waves, alerts and events it causes
/// are saved in one SaveChanges with the inbox mark, so a redelivery changes nothing.
/// </summary>
public sealed class SeriesChangedConsumer(AlertingDbContext db, AlertEvaluator evaluator, AlertEventSignal signal)
    : IConsumer<SeriesChanged>
{
    public const string Name = "alerting.series-changed";

    public async Task Consume(ConsumeContext<SeriesChanged> context)
    {
        var ct = context.CancellationToken;
        var messageId = context.MessageId ?? throw new InvalidOperationException("SeriesChanged arrived without a MessageId.");
        if (await db.HasHandledAsync(messageId, Name, ct))
        {
            return;
        }

        var recorded = await evaluator.ApplyAsync(context.Message, ct);
        db.MarkHandled(messageId, Name);
        await db.SaveChangesAsync(ct);
        if (recorded > 0)
        {
            signal.Notify();
        }
    }
}
