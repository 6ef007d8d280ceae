using Vigia.Ingestion.Data;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.Ingestion.Consumers;

public sealed class ReportsRecordedConsumerDefinition() : InboxConsumerDefinition<ReportsRecordedConsumer, IngestionDbContext>(
    // Named after the service: the embedded default hosts every service's consumers on one bus.
    endpointName: "ingestion-reports-recorded",
    inboxName: ReportsRecordedConsumer.Name,
    concurrentMessageLimit: 8,
    // Covers a busy database and two deliveries of one message racing on the inbox row.
    retryIntervalsMs: [100, 500, 1000, 5000]);
