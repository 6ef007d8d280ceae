using MassTransit;

namespace Vigia.Alerting.Consumers;

public sealed class SeriesChangedConsumerDefinition : ConsumerDefinition<SeriesChangedConsumer>
{
    public SeriesChangedConsumerDefinition()
    {
        EndpointName = "alerting-series-changed";
        // One batch at a time: wave state is read, advanced and written per series, and alert event
        // sequences must commit in order for the live feed to read them without gaps.
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SeriesChangedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Statistics may be briefly unreachable; the last interval outlasts a restart of it.
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 1000, 5000, 15000));
    }
}
