using System.Collections.Concurrent;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// On the in-memory bus (the embedded default) a published message lives only in this process until its consumers
/// commit it, so the outbox relay must not mark a row sent when the bus takes it. The relay asks here when a message
/// is delivered (<see cref="DeliveredAsync"/>): when every consumer with an inbox for its type
/// (<see cref="InboxConsumerDefinition{TConsumer, TContext}"/>) has committed it (<see cref="Confirm"/>, from the inbox
/// step), or when one gave up on it after its retries (<see cref="Fault"/>). On RabbitMQ the broker holds a confirmed
/// message durably and nothing waits here.
/// </summary>
public sealed class DeliveryConfirmations(bool awaitConsumers)
{
    private readonly ConcurrentDictionary<Type, ConcurrentDictionary<string, byte>> _consumers = new();
    private readonly ConcurrentDictionary<Guid, Delivery> _deliveries = new();

    /// <summary>True on the in-memory bus: a row is sent once its consumers committed it, not once the bus took it.</summary>
    public bool AwaitsConsumers { get; } = awaitConsumers;

    /// <summary>Declares that <paramref name="consumer"/> commits every <paramref name="messageType"/> it receives through its inbox.</summary>
    public void ExpectConsumer(Type messageType, string consumer) =>
        _consumers.GetOrAdd(messageType, _ => new()).TryAdd(consumer, 0);

    /// <summary>
    /// Completes when every expected consumer of <paramref name="messageType"/> committed <paramref name="messageId"/>
    /// (with null) or one of them gave up on it (with the reason). Called before publishing, so no confirmation is missed.
    /// </summary>
    public Task<string?> DeliveredAsync(Guid messageId, Type messageType)
    {
        var expected = _consumers.TryGetValue(messageType, out var consumers) ? consumers.Keys.ToHashSet(StringComparer.Ordinal) : [];
        if (expected.Count == 0)
        {
            return Task.FromResult<string?>(null);
        }

        return _deliveries.GetOrAdd(messageId, _ => new Delivery(expected)).Completed;
    }

    /// <summary>The publish failed: nothing will confirm this message.</summary>
    public void Forget(Guid messageId) => _deliveries.TryRemove(messageId, out _);

    /// <summary><paramref name="consumer"/> committed <paramref name="messageId"/> (or had committed it before).</summary>
    public void Confirm(Guid messageId, string consumer)
    {
        if (AwaitsConsumers && _deliveries.TryGetValue(messageId, out var delivery) && delivery.Confirm(consumer))
        {
            _deliveries.TryRemove(messageId, out _);
        }
    }

    /// <summary>A consumer gave up on <paramref name="messageId"/> after its retries.</summary>
    public void Fault(Guid messageId, string reason)
    {
        if (AwaitsConsumers && _deliveries.TryRemove(messageId, out var delivery))
        {
            delivery.Fail(reason);
        }
    }

    private sealed class Delivery(HashSet<string> remaining)
    {
        private readonly TaskCompletionSource<string?> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string?> Completed => _completed.Task;

        /// <summary>Returns true when this was the last consumer waited for.</summary>
        public bool Confirm(string consumer)
        {
            lock (remaining)
            {
                if (!remaining.Remove(consumer) || remaining.Count > 0)
                {
                    return false;
                }
            }

            _completed.TrySetResult(null);
            return true;
        }

        public void Fail(string reason) => _completed.TrySetResult(reason);
    }
}
