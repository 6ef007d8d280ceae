using Vigia.Alerting.V1;

namespace Vigia.Standalone.Web;

public static class WebPageRegistration
{
    /// <summary>
    /// The web page's relay to alerting (a plain gRPC client to the alerting port: the browser's token goes with each
    /// call, never the standalone's own) and the development token's gate (<paramref name="devToken"/> null: none).
    /// </summary>
    public static IHostApplicationBuilder AddWebPage(this IHostApplicationBuilder builder, StandalonePorts ports, string? devToken)
    {
        builder.Services.AddGrpcClient<AlertingService.AlertingServiceClient>(o => o.Address = new Uri($"http://localhost:{ports.Alerting}"));
        builder.Services.AddSingleton<AlertFeedRelay>();
        builder.Services.AddSingleton(new DevTokenAccess(devToken));
        return builder;
    }
}
