using MassTransit;

namespace Vigia.Statistics.Consumers;

public sealed class IncidentsChangedConsumerDefinition : ConsumerDefinition<IncidentsChangedConsumer>
{
    public IncidentsChangedConsumerDefinition()
    {
        // Named for this service: the embedded default puts every service's consumers on one bus.
        EndpointName = "statistics-incidents-changed";
        // Batches are applied one at a time per replica: concurrent batches touching one incident
        // would only collide on its version and be retried.
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<IncidentsChangedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Covers a lost version race (DbUpdateConcurrencyException) and database blips; what still
        // fails lands in statistics-incidents-changed_error.
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 1000, 5000));
    }
}
