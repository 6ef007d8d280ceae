using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// A consumer that keeps an inbox in <typeparamref name="TContext"/>: its endpoint, how many messages it takes at
/// once, its two retry policies, and the inbox step (<see cref="InboxFilter{TConsumer, TContext}"/>) under
/// <paramref name="inboxName"/>. A failure of a dependency (<see cref="TransientFailures"/>) is retried with growing
/// delays for as long as <see cref="DeliveryOptions.WaitForDependenciesFor"/> allows (<see cref="DependencyWaitFilter{TConsumer}"/>);
/// a failure of the message's own is retried at <paramref name="retryIntervalsMs"/> and then lands in the endpoint's
/// _error queue.
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
        var confirmations = context.GetRequiredService<DeliveryConfirmations>();
        foreach (var consumed in typeof(TConsumer).GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)))
        {
            confirmations.ExpectConsumer(consumed.GetGenericArguments()[0], _inboxName);
        }

        var waits = context.GetRequiredService<DependencyWaits>();
        var longest = waits.Options.LongestRetryDelay;
        // From a tenth of a second (a busy SQLite file clears in milliseconds), doubling up to the longest delay (an outage).
        var first = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMilliseconds(100).Ticks, longest.Ticks));
        // Outermost: a dependency that is down is waited out. The count only has to outlast the wait; the filter below
        // ends it when the operator's limit has passed.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle<Exception>(TransientFailures.IsTransient);
            r.Exponential((int)Math.Min(int.MaxValue, (waits.Options.WaitForDependenciesFor / longest) + 32), first, longest, first);
        });
        // The message's own failures (a lost race, a withdrawal ahead of its report) get a few quick tries; a dependency's
        // go straight to the policy above, and a wait that lasted too long straight to _error.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<Exception>(ex => TransientFailures.IsTransient(ex) || ex is DependencyWaitExpiredException);
            r.Intervals(_retryIntervals);
        });
        consumerConfigurator.UseFilter(new DependencyWaitFilter<TConsumer>(
            waits, _inboxName, context.GetRequiredService<ILoggerFactory>().CreateLogger<TConsumer>()));
        consumerConfigurator.UseFilter(new InboxFilter<TConsumer, TContext>(_inboxName));
    }
}
