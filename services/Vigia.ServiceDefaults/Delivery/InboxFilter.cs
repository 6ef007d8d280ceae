using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigia.ServiceDefaults.Persistence;
using Vigia.ServiceDefaults.Telemetry;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// The inbox step every consumer gets from its definition: a message this consumer already handled is skipped;
/// otherwise the "handled" mark is added to the consumer's unit of work before it runs, so it commits in the same
/// transaction as the consumer's changes (and is saved on its own when the consumer saved nothing). Once it is
/// committed, <see cref="DeliveryConfirmations"/> hears of it (the in-memory bus's relay waits for that).
/// </summary>
public sealed class InboxFilter<TConsumer, TContext>(string consumerName) : IFilter<ConsumerConsumeContext<TConsumer>>
    where TConsumer : class
    where TContext : DbContext
{
    // Every message every consumer takes asks it.
    private static readonly CompiledPerModel<Func<TContext, Guid, string, CancellationToken, Task<bool>>> s_handled = new(() => EF.CompileAsyncQuery(
        (TContext db, Guid messageId, string consumer, CancellationToken ct) =>
            db.Set<InboxMessage>().Any(m => m.MessageId == messageId && m.Consumer == consumer)));

    public async Task Send(ConsumerConsumeContext<TConsumer> context, IPipe<ConsumerConsumeContext<TConsumer>> next)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"A message for {consumerName} arrived without a MessageId.");
        var services = context.GetPayload<IServiceProvider>();
        var db = services.GetRequiredService<TContext>();
        // A retry may reuse this scope: start every attempt from a clean slate.
        db.ChangeTracker.Clear();
        if (await s_handled.For(db)(db, messageId, consumerName, context.CancellationToken))
        {
            services.GetRequiredService<ILogger<TConsumer>>().LogDebug("Message {MessageId} was already handled by {Consumer}", messageId, consumerName);
            services.GetRequiredService<DeliveryConfirmations>().Confirm(messageId, consumerName);
            return;
        }

        if (context.SentTime is { } sent)
        {
            services.GetRequiredService<DeliveryMetrics>().RecordConsumed(consumerName, DateTime.UtcNow - sent);
        }

        var mark = db.Set<InboxMessage>().Add(new InboxMessage { MessageId = messageId, Consumer = consumerName, ProcessedAt = DateTime.UtcNow });
        await next.Send(context);
        if (mark.State == EntityState.Added)
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }

        services.GetRequiredService<DeliveryConfirmations>().Confirm(messageId, consumerName);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox").Add("consumer", consumerName);
}
