using MassTransit;
using Vigia.Alerting.Data;
using Vigia.Alerting.Waves;
using Vigia.Contracts.Messages;

namespace Vigia.Alerting.Consumers;

/// <summary>
/// Judges the series a batch of changed incidents touched. The waves, alerts and events it causes
/// are saved in one SaveChanges with the inbox mark, so a redelivery changes nothing.
/// </summary>
public sealed class SeriesChangedConsumer(AlertingDbContext db, AlertEvaluator evaluator)
    : IConsumer<SeriesChanged>
{
    public const string Name = "alerting.series-changed";

    public async Task Consume(ConsumeContext<SeriesChanged> context)
    {
        var ct = context.CancellationToken;
        // The evaluator isolates each rule behind a savepoint of this transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await evaluator.ApplyAsync(context.Message, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
