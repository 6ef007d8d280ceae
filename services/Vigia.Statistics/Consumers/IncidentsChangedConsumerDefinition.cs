using Vigia.ServiceDefaults.Delivery;
using Vigia.Statistics.Data;

namespace Vigia.Statistics.Consumers;

public sealed class IncidentsChangedConsumerDefinition() : InboxConsumerDefinition<IncidentsChangedConsumer, StatisticsDbContext>(
    // Named for this service: the embedded default puts every service's consumers on one bus.
    endpointName: "statistics-incidents-changed",
    inboxName: IncidentsChangedConsumer.Name,
    // One transaction at a time per replica (concurrent batches touching one incident would only collide on its version
    // and be retried); the messages that arrive meanwhile, up to three, wait to be applied together (GroupCommit).
    concurrentMessageLimit: 4,
    // Covers a lost version race (DbUpdateConcurrencyException) and database blips; what still
    // fails lands in statistics-incidents-changed_error.
    retryIntervalsMs: [100, 500, 1000, 5000]);
