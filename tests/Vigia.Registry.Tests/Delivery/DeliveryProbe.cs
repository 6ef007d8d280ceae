using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Vigia.Registry.Data;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Messaging;

namespace Vigia.Registry.Tests.Delivery;

/// <summary>A message of the tests' own, consumed with an inbox in the registry's database like every real consumer.</summary>
public sealed record DeliveryProbe
{
    public int Id { get; init; }
}

/// <summary>A message of the tests' own that nothing consumes: on a broker no queue is bound for it, so a publish comes back.</summary>
public sealed record UnconsumedProbe
{
    public int Id { get; init; }
}

/// <summary>What the probe consumer does on each attempt, and what it saw.</summary>
internal sealed class ProbeBehaviour
{
    private int _attempts;

    /// <summary>The exception attempt n (from 1) throws, or null to handle the message.</summary>
    public Func<int, Exception?> Failure { get; set; } = _ => null;

    /// <summary>Every attempt waits for this before it does anything.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Attempts => Volatile.Read(ref _attempts);
    public ConcurrentQueue<int> Handled { get; } = new();
    public ConcurrentQueue<string> Faults { get; } = new();

    public int NextAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>Registers the probe's consumer (with its inbox definition), its fault listener and the behaviour.</summary>
    public static Action<WebApplicationBuilder> AddTo(ProbeBehaviour behaviour) => b =>
    {
        b.Services.AddSingleton(behaviour);
        b.PublishesThroughOutbox<DeliveryProbe>();
        b.AddBusConsumers(x =>
        {
            x.AddConsumer<DeliveryProbeConsumer, DeliveryProbeConsumerDefinition>();
            x.AddConsumer<DeliveryProbeFaultListener>();
        });
    };
}

internal sealed class DeliveryProbeConsumer(RegistryDbContext db, ProbeBehaviour behaviour) : IConsumer<DeliveryProbe>
{
    public const string Name = "registry-tests.delivery-probe";

    public async Task Consume(ConsumeContext<DeliveryProbe> context)
    {
        var attempt = behaviour.NextAttempt();
        await behaviour.Gate.Task.WaitAsync(context.CancellationToken);
        if (behaviour.Failure(attempt) is { } failure)
        {
            throw failure;
        }

        // Commits the inbox mark the inbox step added.
        await db.SaveChangesAsync(context.CancellationToken);
        behaviour.Handled.Enqueue(context.Message.Id);
    }
}

internal sealed class DeliveryProbeConsumerDefinition() : InboxConsumerDefinition<DeliveryProbeConsumer, RegistryDbContext>(
    endpointName: "registry-tests-delivery-probe",
    inboxName: DeliveryProbeConsumer.Name,
    concurrentMessageLimit: 1,
    retryIntervalsMs: [10, 20]);

/// <summary>MassTransit publishes a Fault when a consumer gives up on a message (it then lands in _error).</summary>
internal sealed class DeliveryProbeFaultListener(ProbeBehaviour behaviour) : IConsumer<Fault<DeliveryProbe>>
{
    public Task Consume(ConsumeContext<Fault<DeliveryProbe>> context)
    {
        behaviour.Faults.Enqueue(context.Message.Exceptions.FirstOrDefault()?.ExceptionType ?? "?");
        return Task.CompletedTask;
    }
}
