using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// A consumer that keeps an inbox in <typeparamref name="TContext"/>: its endpoint, how many messages it takes at
/// once, its retry intervals, and the inbox step (<see cref="InboxFilter{TConsumer, TContext}"/>) under
/// <paramref name="inboxName"/>. What still fails after the retries lands in the endpoint's _error queue.
/// </summary>
public abstract class InboxConsumerDefinition<TConsumer, TContext> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
    where TContext : DbContext
{
    private readonly string _inboxName;
    private readonly int[] _retryIntervals;

    protected InboxConsumerDefinition(string endpointName, string inboxName, int concurrentMessageLimit, int[] retryIntervalsMs)
    {
        EndpointName = endpointName;
        ConcurrentMessageLimit = concurrentMessageLimit;
        _inboxName = inboxName;
        _retryIntervals = retryIntervalsMs;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(_retryIntervals));
        consumerConfigurator.UseFilter(new InboxFilter<TConsumer, TContext>(_inboxName));
    }
}
