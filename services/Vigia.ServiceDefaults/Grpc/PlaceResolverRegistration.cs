using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigia.Contracts.Places;

namespace Vigia.ServiceDefaults.Grpc;

public static class PlaceResolverRegistration
{
    /// <summary>The embedded gazetteer and its <see cref="PlaceResolver"/>, once per process (the embedded default hosts several services).</summary>
    public static IServiceCollection AddPlaceResolver(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => Gazetteer.LoadEmbedded());
        services.TryAddSingleton<PlaceResolver>();
        return services;
    }
}
