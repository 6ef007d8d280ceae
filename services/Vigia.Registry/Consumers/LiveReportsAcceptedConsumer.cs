using MassTransit;
using Vigia.Contracts.Messages;

namespace Vigia.Registry.Consumers;

/// <summary>
/// The live lane: a few reports typed in at a desk, on an endpoint of their own, so a back-fill's batches queued on the
/// bulk lane never stand in front of them; recorded as the bulk lane records (<see cref="ReportRecorder"/>), beside it.
/// </summary>
public sealed class LiveReportsAcceptedConsumer(ReportRecorder recorder) : IConsumer<LiveReportsAccepted>
{
    public const string Name = "registry.live-reports-accepted";

    public Task Consume(ConsumeContext<LiveReportsAccepted> context) =>
        recorder.RecordAsync(context, Name, context.Message.BatchId, context.Message.Reports);
}
