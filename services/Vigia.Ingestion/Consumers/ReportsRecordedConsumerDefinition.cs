using MassTransit;

namespace Vigia.Ingestion.Consumers;

public sealed class ReportsRecordedConsumerDefinition : ConsumerDefinition<ReportsRecordedConsumer>
{
    public ReportsRecordedConsumerDefinition()
    {
        // Named after the service: the embedded default hosts every service's consumers on one bus.
        EndpointName = "ingestion-reports-recorded";
        ConcurrentMessageLimit = 8;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ReportsRecordedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Covers a busy database and two deliveries of one message racing on the inbox row.
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 1000, 5000));
    }
}
