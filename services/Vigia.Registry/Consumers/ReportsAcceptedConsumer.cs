using MassTransit;
using Vigia.Contracts.Messages;
using Vigia.Registry.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Consumers;

/// <summary>
/// The bulk lane: batches of accepted reports (<see cref="ReportRecorder"/>), one transaction at a time per replica;
/// those that queue behind it are recorded together (<see cref="GroupCommit{TMessage}"/>).
/// </summary>
public sealed class ReportsAcceptedConsumer(ReportRecorder recorder, GroupCommit<ConsumeContext<ReportsAccepted>> groupCommit, RegistryDbContext db) : IConsumer<ReportsAccepted>
{
    public const string Name = "registry.reports-accepted";

    public Task Consume(ConsumeContext<ReportsAccepted> context) =>
        groupCommit.HandleAsync(
            context,
            group => recorder.RecordTogetherAsync(group, Name),
            () => recorder.RecordAsync(context, Name, context.Message.BatchId, context.Message.Reports),
            // Its inbox mark was committed with the group: the one its inbox step added here is not to be saved again.
            db.ChangeTracker.Clear);
}
