using MassTransit;
using Vigia.Contracts.Messages;

namespace Vigia.Registry.Consumers;

/// <summary>The bulk lane: batches of accepted reports, recorded one at a time per replica (<see cref="ReportRecorder"/>).</summary>
public sealed class ReportsAcceptedConsumer(ReportRecorder recorder) : IConsumer<ReportsAccepted>
{
    public const string Name = "registry.reports-accepted";

    public Task Consume(ConsumeContext<ReportsAccepted> context) =>
        recorder.RecordAsync(context, Name, context.Message.BatchId, context.Message.Reports);
}
