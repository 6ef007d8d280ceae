using MassTransit;

namespace Vigia.Registry.Consumers;

public sealed class ReportsAcceptedConsumerDefinition : ConsumerDefinition<ReportsAcceptedConsumer>
{
    public ReportsAcceptedConsumerDefinition()
    {
        EndpointName = "registry-reports-accepted";
        // Batches merge against each other's incidents, and writers take turns on the database
        // anyway (see RegistryDbContext.BeginWriteAsync): one batch at a time per replica.
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ReportsAcceptedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 1000, 5000));
    }
}
