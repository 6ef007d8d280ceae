using Vigia.Alerting.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Alerting.Consumers;

public sealed class SeriesChangedConsumerDefinition() : InboxConsumerDefinition<SeriesChangedConsumer, AlertingDbContext>(
    endpointName: "alerting-series-changed",
    inboxName: SeriesChangedConsumer.Name,
    // One batch at a time: wave state is read, advanced and written per series, and alert event
    // sequences must commit in order for the live feed to read them without gaps.
    concurrentMessageLimit: 1,
    // Statistics may be briefly unreachable; the last interval outlasts a restart of it.
    retryIntervalsMs: [100, 500, 1000, 5000, 15000]);
