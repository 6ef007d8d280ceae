using Vigia.Registry.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Consumers;

public sealed class ReportsWithdrawnConsumerDefinition() : InboxConsumerDefinition<ReportsWithdrawnConsumer, RegistryDbContext>(
    endpointName: "registry-reports-withdrawn",
    inboxName: ReportsWithdrawnConsumer.Name,
    concurrentMessageLimit: 1,
    // Longer than for accepted reports: a withdrawal can overtake the batch that records its report, and waits for it.
    retryIntervalsMs: [200, 1000, 2000, 5000, 10000, 30000]);
