using Vigia.Alerting.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Alerting.Consumers;

public sealed class SeriesChangedConsumerDefinition() : InboxConsumerDefinition<SeriesChangedConsumer, AlertingDbContext>(
    endpointName: "alerting-series-changed",
    inboxName: SeriesChangedConsumer.Name,
    // One at a time: the queue keeps the bus's order, and the judge reads it in that order.
    concurrentMessageLimit: 1,
    retryIntervalsMs: [100, 500, 1000]);
