using MassTransit;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// Tells <see cref="DeliveryConfirmations"/> when a consumer gave up on a message (called once, after its retries), so
/// on the in-memory bus the relay sets the row aside instead of waiting for a commit that will not come.
/// </summary>
internal sealed class DeliveryFaultObserver(DeliveryConfirmations confirmations) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        if (context.MessageId is { } messageId)
        {
            confirmations.Fault(messageId, $"a consumer of {typeof(T).Name} gave up after its retries: {exception.GetType().Name}: {exception.Message}");
        }

        return Task.CompletedTask;
    }
}
