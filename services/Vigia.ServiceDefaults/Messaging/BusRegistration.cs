using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.ServiceDefaults.Messaging;

public static class BusRegistration
{
    private const string ConsumersKey = "Vigia.BusConsumers";

    /// <summary>Adds consumers of this service; they are registered when <see cref="AddBus"/> runs.</summary>
    public static IHostApplicationBuilder AddBusConsumers(
        this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> registration)
    {
        GetConsumers(builder).Add(registration);
        return builder;
    }

    /// <summary>
    /// MassTransit over RabbitMQ when ConnectionStrings:rabbitmq is set; the in-memory transport in
    /// the embedded default. Failed messages land in each queue's _error queue.
    /// </summary>
    public static IHostApplicationBuilder AddBus(this IHostApplicationBuilder builder)
    {
        var consumers = GetConsumers(builder);
        var rabbitMq = builder.Configuration.GetConnectionString("rabbitmq");
        var embedded = EmbeddedMode.IsOn(builder.Configuration);
        if (string.IsNullOrWhiteSpace(rabbitMq) && !embedded)
        {
            throw new MissingConfigurationException(
                "ConnectionStrings__rabbitmq is not set. Point it at RabbitMQ (amqp://user:pass@host:5672/), " +
                "or run Vigia.Standalone for the embedded default.");
        }

        var options = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        var protobuf = new ProtobufBodySerializer();
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.ConfigureHealthCheckOptions(o =>
            {
                // Readiness comes from BusReadinessCheck, which is stricter.
                o.Tags.Clear();
                o.Tags.Add("masstransit");
            });
            consumers.ApplyTo(x);
            x.AddConsumeObserver<DeliveryFaultObserver>();
            if (!string.IsNullOrWhiteSpace(rabbitMq))
            {
                if (options.QuorumQueues)
                {
                    x.AddConfigureEndpointsCallback((_, _, endpoint) =>
                    {
                        if (endpoint is IRabbitMqReceiveEndpointConfigurator queue)
                        {
                            queue.SetQuorumQueue();
                        }
                    });
                }

                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(rabbitMq), h => h.PublisherConfirmation = true);
                    AddProtobufBodies(cfg, protobuf);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    AddProtobufBodies(cfg, protobuf);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        builder.Services.AddHealthChecks()
            .AddCheck<BusReadinessCheck>("bus", tags: [HealthTags.Ready])
            .AddCheck<DependencyReadinessCheck>("consumer-dependencies", tags: [HealthTags.Ready]);
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section);
        builder.Services.AddOptions<BusOptions>().BindConfiguration(BusOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DependencyWaits>();
        // On the in-memory bus a message is delivered once its consumers committed it; on RabbitMQ once the broker confirmed it.
        builder.Services.AddSingleton(new DeliveryConfirmations(awaitConsumers: string.IsNullOrWhiteSpace(rabbitMq)));
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            // Start serving gRPC even while the broker is unreachable: the outbox keeps what is
            // accepted, and health reports NOT_SERVING until the bus connects.
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }

    // Read always; written only for the messages the outbox relay has written so (BusOptions.ProtobufBodies). JSON stays
    // the default serializer and deserializer.
    private static void AddProtobufBodies(IBusFactoryConfigurator cfg, ProtobufBodySerializer protobuf)
    {
        cfg.AddSerializer(protobuf, isSerializer: false);
        cfg.AddDeserializer(protobuf);
    }

    private static BusConsumers GetConsumers(IHostApplicationBuilder builder)
    {
        if (!builder.Properties.TryGetValue(ConsumersKey, out var value))
        {
            value = new BusConsumers();
            builder.Properties[ConsumersKey] = value;
        }

        return (BusConsumers)value;
    }
}
