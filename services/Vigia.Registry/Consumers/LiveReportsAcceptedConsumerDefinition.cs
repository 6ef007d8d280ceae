using Vigia.Registry.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Registry.Consumers;

public sealed class LiveReportsAcceptedConsumerDefinition() : InboxConsumerDefinition<LiveReportsAcceptedConsumer, RegistryDbContext>(
    endpointName: "registry-live-reports-accepted",
    inboxName: LiveReportsAcceptedConsumer.Name,
    // Beside the bulk lane, and several at once: every batch holds the places it writes
    // (RegistryDbContext.BeginPlaceWriteAsync), as replicas do, and a bulk batch holds nearly every place. One at a
    // time, each live batch waited for a bulk batch of its own and they queued behind each other (p50 3.6 s with a
    // backlog on RabbitMQ + PostgreSQL); together they wait for the same one.
    concurrentMessageLimit: 4,
    retryIntervalsMs: [100, 500, 1000, 5000]);
