using Vigia.Registry.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Consumers;

public sealed class ReportsAcceptedConsumerDefinition() : InboxConsumerDefinition<ReportsAcceptedConsumer, RegistryDbContext>(
    endpointName: "registry-reports-accepted",
    inboxName: ReportsAcceptedConsumer.Name,
    // Batches merge against each other's incidents: one transaction at a time per replica, and the batches that
    // arrive meanwhile (up to three) wait to be recorded together (GroupCommit). Replicas write other places at the
    // same time (see RegistryDbContext.BeginPlaceWriteAsync).
    concurrentMessageLimit: 4,
    retryIntervalsMs: [100, 500, 1000, 5000]);
