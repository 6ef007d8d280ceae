using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Vigia.ServiceDefaults.Telemetry;

/// <summary>
/// What an operator watches to see a hand-over falling behind: each outbox's backlog and the age of its
/// oldest unsent row, messages published, and how old a message is when its consumer takes it. Names
/// follow the OpenTelemetry messaging conventions where one exists (messaging.*), vigia.* otherwise.
/// </summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "Vigia.Delivery";

    private readonly ConcurrentDictionary<string, (long Pending, double OldestAgeSeconds)> _outboxes = new();
    private readonly Counter<long> _published;
    private readonly Histogram<double> _consumeLag;
    private readonly Counter<long> _setAside;

    public DeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _published = meter.CreateCounter<long>("messaging.client.sent.messages", "{message}", "Messages the outbox relay published and the broker confirmed.");
        _consumeLag = meter.CreateHistogram<double>("vigia.messaging.consume.lag", "s", "Time from a message's publication to its consumer taking it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800] });
        _setAside = meter.CreateCounter<long>("vigia.outbox.set_aside", "{message}", "Outbox rows the relay set aside because they cannot be published.");
        meter.CreateObservableGauge("vigia.outbox.pending", () => Observe(o => o.Pending), "{message}", "Outbox rows committed but not yet published.");
        meter.CreateObservableGauge("vigia.outbox.oldest_pending.age", () => Observe(o => o.OldestAgeSeconds), "s",
            "Age of the oldest outbox row not yet published (0 when none).");
    }

    public void RecordOutbox(string schema, long pending, TimeSpan oldestAge) =>
        _outboxes[schema] = (pending, Math.Max(0, oldestAge.TotalSeconds));

    public void RecordPublished(string schema, string messageType) =>
        _published.Add(1, new TagList { { "vigia.schema", schema }, { "messaging.message.type", messageType } });

    public void RecordSetAside(string schema, string messageType) =>
        _setAside.Add(1, new TagList { { "vigia.schema", schema }, { "messaging.message.type", messageType } });

    public void RecordConsumed(string consumer, TimeSpan lag) =>
        _consumeLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("messaging.consumer.group.name", consumer));

    private IEnumerable<Measurement<T>> Observe<T>(Func<(long Pending, double OldestAgeSeconds), T> pick)
        where T : struct =>
        _outboxes.Select(o => new Measurement<T>(pick(o.Value), new KeyValuePair<string, object?>("vigia.schema", o.Key)));
}
