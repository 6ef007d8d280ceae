using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Vigia.ServiceDefaults.Telemetry;

namespace Vigia.ServiceDefaults.Delivery;

public static class DeliveryRegistration
{
    /// <summary>The commit signal, its interceptor, the outbox relay and batch isolation of one service's database.</summary>
    public static IServiceCollection AddDelivery<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddMetrics();
        services.TryAddSingleton<DeliveryMetrics>();
        services.AddSingleton<CommitSignal<TContext>>();
        services.AddSingleton<CommitInterceptor<TContext>>();
        services.AddSingleton<OutboxRelay<TContext>>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TContext>>());
        services.AddScoped<BatchIsolation<TContext>>();
        OutboxMessageTypesOf(services);
        return services;
    }

    /// <summary>Declares a message type this service writes to its outbox, so the relay can read it back.</summary>
    public static IHostApplicationBuilder PublishesThroughOutbox<TMessage>(this IHostApplicationBuilder builder)
        where TMessage : class
    {
        OutboxMessageTypesOf(builder.Services).Add(typeof(TMessage));
        return builder;
    }

    // One registry per container: the embedded default hosts all four services in one.
    private static OutboxMessageTypes OutboxMessageTypesOf(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(OutboxMessageTypes))?.ImplementationInstance is OutboxMessageTypes types)
        {
            return types;
        }

        types = new OutboxMessageTypes();
        services.AddSingleton(types);
        return types;
    }
}
