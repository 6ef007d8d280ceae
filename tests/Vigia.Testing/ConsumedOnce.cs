using MassTransit;

namespace Vigia.Testing;

/// <summary>
/// Completes when a consumer has consumed the message with this id (faults if it failed): connect it to the bus before
/// publishing. An endpoint that takes several messages at once gives no other sign that one of them is done.
/// </summary>
public sealed class ConsumedOnce<TMessage>(Guid messageId) : IConsumeMessageObserver<TMessage>
    where TMessage : class
{
    private readonly TaskCompletionSource _consumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => _consumed.Task;

    public Task PreConsume(ConsumeContext<TMessage> context) => Task.CompletedTask;

    public Task PostConsume(ConsumeContext<TMessage> context)
    {
        if (context.MessageId == messageId)
        {
            _consumed.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault(ConsumeContext<TMessage> context, Exception exception)
    {
        if (context.MessageId == messageId)
        {
            _consumed.TrySetException(exception);
        }

        return Task.CompletedTask;
    }
}
