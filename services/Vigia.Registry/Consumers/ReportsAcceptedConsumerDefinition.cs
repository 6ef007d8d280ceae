using Vigia.Registry.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Consumers;

public sealed class ReportsAcceptedConsumerDefinition() : InboxConsumerDefinition<ReportsAcceptedConsumer, RegistryDbContext>(
    endpointName: "registry-reports-accepted",
    inboxName: ReportsAcceptedConsumer.Name,
    // Batches merge against each other's incidents, and writers take turns on the database
    // anyway (see RegistryDbContext.BeginWriteAsync): one batch at a time per replica.
    concurrentMessageLimit: 1,
    retryIntervalsMs: [100, 500, 1000, 5000]);
