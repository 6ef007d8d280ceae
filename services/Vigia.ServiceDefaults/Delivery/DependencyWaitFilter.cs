using MassTransit;
using Microsoft.Extensions.Logging;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// Sits inside a consumer's retries (<see cref="InboxConsumerDefinition{TConsumer, TContext}"/>): a transient failure
/// (<see cref="TransientFailures"/>) is recorded in <see cref="DependencyWaits"/>, so the service reports not-ready,
/// and rethrown for the dependency retry policy to try again later; once the message has waited longer than
/// <see cref="DeliveryOptions.WaitForDependenciesFor"/>, the failure is rethrown as
/// <see cref="DependencyWaitExpiredException"/>, which no policy retries, and the message goes to _error.
/// </summary>
public sealed class DependencyWaitFilter<TConsumer>(DependencyWaits waits, string consumerName, ILogger logger)
    : IFilter<ConsumerConsumeContext<TConsumer>>
    where TConsumer : class
{
    public async Task Send(ConsumerConsumeContext<TConsumer> context, IPipe<ConsumerConsumeContext<TConsumer>> next)
    {
        var messageId = context.MessageId ?? Guid.Empty;
        try
        {
            await next.Send(context);
        }
        catch (Exception ex) when (TransientFailures.IsTransient(ex) && !context.CancellationToken.IsCancellationRequested)
        {
            var waited = waits.Failed(messageId, consumerName, ex);
            if (waited <= waits.Options.WaitForDependenciesFor)
            {
                logger.LogWarning("{Consumer} waits for a dependency with message {MessageId} (waiting {Waited}): {Reason}",
                    consumerName, messageId, waited, ex.Message);
                throw;
            }

            waits.Ended(messageId, consumerName);
            throw new DependencyWaitExpiredException(
                $"{consumerName} waited {waited} for a dependency with message {messageId}, longer than {DeliveryOptions.Section}:" +
                $"{nameof(DeliveryOptions.WaitForDependenciesFor)} ({waits.Options.WaitForDependenciesFor}); last: {ex.GetType().Name}: {ex.Message}");
        }
        catch
        {
            waits.Ended(messageId, consumerName);
            throw;
        }

        waits.Ended(messageId, consumerName);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("dependency-wait").Add("consumer", consumerName);
}

/// <summary>
/// A message waited for its dependency longer than the operator allows: it goes to _error, not round again. It carries
/// the last failure in its message, not as its inner exception: retry policies look through inner exceptions, and
/// would see a transient one.
/// </summary>
public sealed class DependencyWaitExpiredException(string message) : Exception(message);
