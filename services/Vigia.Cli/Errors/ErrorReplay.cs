using RabbitMQ.Client;

namespace Vigia.Cli.Errors;

/// <summary>
/// Moves messages from an _error queue back to the queue they failed in, as they are: body, headers and message id, so
/// a consumer's inbox still recognises one it handled. Each is published with publisher confirms (and mandatory, so a
/// missing queue fails it) before it is taken off the _error queue: a failure half-way loses nothing.
/// </summary>
internal static class ErrorReplay
{
    public const string Suffix = "_error";

    /// <summary>Replays every message of <paramref name="errorQueue"/>, or only the one with <paramref name="messageId"/>; returns how many moved.</summary>
    public static async Task<int> ReplayAsync(BrokerAddresses broker, string errorQueue, string? messageId, CancellationToken ct)
    {
        if (!errorQueue.EndsWith(Suffix, StringComparison.Ordinal) || errorQueue.Length == Suffix.Length)
        {
            throw new ArgumentException($"'{errorQueue}' is not an _error queue (e.g. registry-reports-accepted_error).");
        }

        var target = errorQueue[..^Suffix.Length];
        var factory = new ConnectionFactory { Uri = broker.Amqp, ClientProvidedName = "vigia errors replay" };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        // Both must exist: passive declarations fail (and close the channel) otherwise.
        await channel.QueueDeclarePassiveAsync(target, ct);
        var waiting = (await channel.QueueDeclarePassiveAsync(errorQueue, ct)).MessageCount;

        var moved = 0;
        var kept = new List<ulong>();
        // At most the messages there when we started: one that faults again while we work is for the next replay.
        for (var i = 0; i < waiting; i++)
        {
            var message = await channel.BasicGetAsync(errorQueue, autoAck: false, ct);
            if (message is null)
            {
                break;
            }

            if (messageId is not null && !string.Equals(message.BasicProperties.MessageId, messageId, StringComparison.OrdinalIgnoreCase))
            {
                kept.Add(message.DeliveryTag);
                continue;
            }

            await channel.BasicPublishAsync("", target, mandatory: true, new BasicProperties(message.BasicProperties), message.Body, ct);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            moved++;
        }

        foreach (var tag in kept)
        {
            await channel.BasicNackAsync(tag, multiple: false, requeue: true, ct);
        }

        return moved;
    }
}
