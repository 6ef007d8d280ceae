using MassTransit;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Consumers;

/// <summary>
/// The bulk lane: batches of accepted reports (<see cref="ReportRecorder"/>), one transaction at a time per replica;
/// those that queue behind it are recorded together (<see cref="GroupCommit{TMessage}"/>).
/// </summary>
public sealed class ReportsAcceptedConsumer(ReportRecorder recorder, GroupCommit<ConsumeContext<ReportsAccepted>> groupCommit) : IConsumer<ReportsAccepted>
{
    public const string Name = "registry.reports-accepted";

    public Task Consume(ConsumeContext<ReportsAccepted> context) => recorder.RecordQueuedAsync(groupCommit, context, Name);
}
