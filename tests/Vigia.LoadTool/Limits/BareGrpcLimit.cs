using Vigia.Ingestion.V1;
using Vigia.LoadTool.Streaming;
using Vigia.LoadTool.Workload;

namespace Vigia.LoadTool.Limits;

/// <summary>
/// How fast the same records stream through SubmitReports to a server that does nothing with them,
/// one record per message and several per message: the ceiling gRPC alone sets on this machine.
/// </summary>
public static class BareGrpcLimit
{
    public static async Task<IReadOnlyList<LimitMeasurement>> MeasureAsync(ReportWorkload workload, IEnumerable<int> recordsPerMessage, CancellationToken cancellationToken)
    {
        await using var server = await BareGrpcServer.StartAsync(cancellationToken);
        using var channel = GrpcChannels.For(server.Address);
        var client = new IngestionService.IngestionServiceClient(channel);
        var measurements = new List<LimitMeasurement>();
        foreach (var size in recordsPerMessage.Distinct().Order())
        {
            var batches = workload.Rebatch(size);
            // A first pass warms the JIT, the connection and the buffers; the second is the one timed.
            await ReportStreamer.StreamAsync(client, batches.Take(Math.Max(1, batches.Count / 5)).ToArray(), cancellationToken);
            var outcome = await ReportStreamer.StreamAsync(client, batches, cancellationToken);
            var label = size == 1 ? "1 record per message" : $"{size} records per message";
            measurements.Add(new LimitMeasurement($"bare gRPC SubmitReports, {label}", outcome.Records, outcome.Elapsed));
        }

        return measurements;
    }
}
