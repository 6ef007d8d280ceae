using Microsoft.Extensions.Options;
using Refit;

namespace Vigia.Ingestion.Feeds.Acled;

public static class AcledFeedRegistration
{
    /// <summary>
    /// The ACLED feed, when <c>Vigia:Feeds:acled:BaseUrl</c> is configured: Refit clients for the token and read
    /// endpoints, the read client behind the standard resilience handler (retries 5xx and timeouts with backoff), and the
    /// polling service.
    /// </summary>
    public static IHostApplicationBuilder AddAcledFeed(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AcledFeedOptions.Section);
        if (section[nameof(AcledFeedOptions.BaseUrl)] is not { Length: > 0 })
        {
            return builder;
        }

        builder.Services.Configure<AcledFeedOptions>(section);
        builder.Services.AddRefitGeneratedClient<IAcledAuthApi>()
            .ConfigureHttpClient(ConfigureBaseAddress)
            .AddStandardResilienceHandler();
        builder.Services.AddSingleton<AcledTokens>();
        builder.Services.AddTransient<AcledTokenHandler>();
        builder.Services.AddRefitGeneratedClient<IAcledApi>()
            .ConfigureHttpClient(ConfigureBaseAddress)
            .AddHttpMessageHandler<AcledTokenHandler>()
            .AddStandardResilienceHandler();
        builder.Services.AddScoped<AcledSync>();
        builder.Services.AddHostedService<AcledFeed>();
        return builder;
    }

    private static void ConfigureBaseAddress(IServiceProvider services, HttpClient client) =>
        client.BaseAddress = services.GetRequiredService<IOptions<AcledFeedOptions>>().Value.BaseUrl;
}
