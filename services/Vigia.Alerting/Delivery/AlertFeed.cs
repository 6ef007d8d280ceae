using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// The in-process broadcaster behind SubscribeAlerts: a bounded channel per subscriber. A subscriber
/// that falls <see cref="SubscriberCapacity"/> events behind is dropped with
/// <see cref="SubscriberDroppedException"/>, so one slow reader never holds alerting back; it can
/// reconnect with resume_after and miss nothing.
/// </summary>
public sealed class AlertFeed(ILogger<AlertFeed> logger)
{
    public const int SubscriberCapacity = 1000;

    private readonly ConcurrentDictionary<Guid, Channel<CommittedAlertEvent>> _subscribers = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _frontier = -1;

    public int SubscriberCount => _subscribers.Count;

    /// <summary>
    /// The sequence through which every event is committed and handed to the subscribers (or is about to be): an
    /// event at or below it is in the database for good, one above it will come through the feed.
    /// </summary>
    public async Task<long> FrontierAsync(CancellationToken ct)
    {
        await _started.Task.WaitAsync(ct);
        return Interlocked.Read(ref _frontier);
    }

    /// <summary>Called by the one dispatcher before it publishes the events through <paramref name="sequence"/>.</summary>
    public void Advance(long sequence)
    {
        Interlocked.Exchange(ref _frontier, sequence);
        _started.TrySetResult();
    }

    public AlertFeedSubscription Subscribe(int capacity = SubscriberCapacity)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<CommittedAlertEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _subscribers[id] = channel;
        return new AlertFeedSubscription(channel.Reader, () => _subscribers.TryRemove(id, out _));
    }

    /// <summary>Called by the one dispatcher, in sequence order.</summary>
    public void Publish(CommittedAlertEvent alertEvent)
    {
        foreach (var (id, channel) in _subscribers)
        {
            if (channel.Writer.TryWrite(alertEvent))
            {
                continue;
            }

            if (_subscribers.TryRemove(id, out _))
            {
                logger.LogWarning("Dropped an alert subscriber that fell {Capacity} events behind", SubscriberCapacity);
                channel.Writer.TryComplete(new SubscriberDroppedException());
            }
        }
    }
}

public sealed class AlertFeedSubscription(ChannelReader<CommittedAlertEvent> reader, Action unsubscribe) : IDisposable
{
    public ChannelReader<CommittedAlertEvent> Reader { get; } = reader;

    public void Dispose() => unsubscribe();
}

public sealed class SubscriberDroppedException()
    : Exception($"The subscriber fell more than {AlertFeed.SubscriberCapacity} events behind and was dropped; resubscribe with resume_after.");
