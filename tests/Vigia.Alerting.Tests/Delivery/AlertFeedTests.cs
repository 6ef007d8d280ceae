using Microsoft.Extensions.Logging.Abstractions;
using Vigia.Alerting.Delivery;
using Vigia.Alerting.V1;

namespace Vigia.Alerting.Tests.Delivery;

public sealed class AlertFeedTests
{
    [Fact]
    public async Task Publish_SubscriberFallsBehindItsCapacity_IsDroppedWithoutBlockingOthers()
    {
        var feed = new AlertFeed(NullLogger<AlertFeed>.Instance);
        using var slow = feed.Subscribe(capacity: 2);
        using var keeping = feed.Subscribe(capacity: 10);

        for (var sequence = 1; sequence <= 3; sequence++)
        {
            feed.Publish(new CommittedAlertEvent(sequence, new AlertEvent { EventId = $"e{sequence}" }));
        }

        var drained = new List<long>();
        var dropped = await Assert.ThrowsAsync<SubscriberDroppedException>(async () =>
        {
            await foreach (var e in slow.Reader.ReadAllAsync())
            {
                drained.Add(e.Sequence);
            }
        });
        Assert.Equal([1, 2], drained);
        Assert.Contains("resume_after", dropped.Message, StringComparison.Ordinal);
        Assert.Equal(1, feed.SubscriberCount);
        Assert.Equal(3, keeping.Reader.Count);
    }
}
