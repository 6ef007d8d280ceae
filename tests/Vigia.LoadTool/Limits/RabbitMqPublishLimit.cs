using System.Diagnostics;
using Google.Protobuf;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Vigia.LoadTool.Workload;

namespace Vigia.LoadTool.Limits;

/// <summary>
/// How fast RabbitMQ takes the same records as persistent messages to a durable queue with publisher
/// confirms (what the outbox relay waits for): one message per record, which is why the platform does
/// not send one, and one message per batch, which is what it does.
/// </summary>
public static class RabbitMqPublishLimit
{
    private const int ConfirmWindow = 256;

    public static async Task<IReadOnlyList<LimitMeasurement>> MeasureAsync(ReportWorkload workload, string rabbitMqUri, CancellationToken cancellationToken)
    {
        const string PerRecord = "RabbitMQ persistent publish + confirm, 1 record per message";
        var perBatch = $"RabbitMQ persistent publish + confirm, {workload.BatchSize} records per message";
        IConnection connection;
        try
        {
            connection = await new ConnectionFactory { Uri = new Uri(rabbitMqUri), ClientProvidedName = "vigia-loadtool" }.CreateConnectionAsync(cancellationToken);
        }
        catch (BrokerUnreachableException ex)
        {
            var why = $"RabbitMQ not reachable: {ex.Message}";
            return [LimitMeasurement.NotMeasured(PerRecord, why), LimitMeasurement.NotMeasured(perBatch, why)];
        }

        await using (connection)
        {
            var records = workload.Reports.Select(r => (ReadOnlyMemory<byte>)r.ToByteArray()).ToArray();
            var batches = workload.Batches.Select(b => (ReadOnlyMemory<byte>)b.ToByteArray()).ToArray();
            await PublishAsync(connection, records[..Math.Max(1, records.Length / 10)], cancellationToken);
            var perRecordElapsed = await PublishAsync(connection, records, cancellationToken);
            var perBatchElapsed = await PublishAsync(connection, batches, cancellationToken);
            return
            [
                new LimitMeasurement(PerRecord, records.Length, perRecordElapsed),
                new LimitMeasurement(perBatch, workload.Reports.Count, perBatchElapsed),
            ];
        }
    }

    /// <summary>Publishes every body and waits for every confirm, keeping a window of confirms outstanding.</summary>
    private static async Task<TimeSpan> PublishAsync(IConnection connection, IReadOnlyList<ReadOnlyMemory<byte>> bodies, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null),
            cancellationToken);
        var queue = $"vigia.loadtool.{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        try
        {
            var properties = new BasicProperties { Persistent = true, ContentType = "application/x-protobuf" };
            var pending = new Queue<Task>(ConfirmWindow);
            var started = Stopwatch.GetTimestamp();
            foreach (var body in bodies)
            {
                if (pending.Count == ConfirmWindow)
                {
                    await pending.Dequeue();
                }

                pending.Enqueue(channel.BasicPublishAsync(string.Empty, queue, mandatory: false, properties, body, cancellationToken).AsTask());
            }

            while (pending.Count > 0)
            {
                await pending.Dequeue();
            }

            return Stopwatch.GetElapsedTime(started);
        }
        finally
        {
            await channel.QueueDeleteAsync(queue, cancellationToken: CancellationToken.None);
        }
    }
}
