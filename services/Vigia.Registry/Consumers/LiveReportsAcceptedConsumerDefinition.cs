using Vigia.Registry.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Consumers;

public sealed class LiveReportsAcceptedConsumerDefinition() : InboxConsumerDefinition<LiveReportsAcceptedConsumer, RegistryDbContext>(
    endpointName: "registry-live-reports-accepted",
    inboxName: LiveReportsAcceptedConsumer.Name,
    // One live batch at a time per replica, beside the bulk lane's: both hold the places they write
    // (RegistryDbContext.BeginPlaceWriteAsync), so a live batch waits at most for the bulk batch writing its place.
    concurrentMessageLimit: 1,
    retryIntervalsMs: [100, 500, 1000, 5000]);
