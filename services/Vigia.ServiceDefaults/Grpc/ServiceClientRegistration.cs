using Dapr.Client;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigia.ServiceDefaults.Auth;

namespace Vigia.ServiceDefaults.Grpc;

public static class ServiceClientRegistration
{
    /// <summary>
    /// Registers the generated gRPC client of another Vigia service. Next to a Dapr sidecar
    /// (DAPR_GRPC_PORT set, Vigia:UseDapr not false) calls go through Dapr service invocation to app
    /// id "vigia-&lt;name&gt;", which brings mTLS, retries and discovery on Kubernetes; otherwise they go
    /// straight to Services:&lt;name&gt; (default http://localhost:&lt;port&gt;). Either way every call
    /// carries this service's own bearer token (<see cref="ServiceTokenSource"/>).
    /// </summary>
    /// <returns>The HTTP client builder of the direct client (null with Dapr), for tests to swap the handler.</returns>
    public static IHttpClientBuilder? AddServiceClient<TClient>(this IHostApplicationBuilder builder, string serviceName, int defaultPort)
        where TClient : ClientBase<TClient>
    {
        var sidecar = DaprSidecar.GrpcEndpoint(builder.Configuration);
        var useDapr = sidecar is not null && builder.Configuration.GetValue("Vigia:UseDapr", true);
        var tokens = ServiceTokenSource.FromConfiguration(builder.Configuration, ClientSubject(builder.Environment));
        if (useDapr)
        {
            var invoker = DaprClient.CreateInvocationInvoker($"vigia-{serviceName}", sidecar)
                .Intercept(metadata =>
                {
                    metadata.Add("authorization", $"Bearer {tokens.Current()}");
                    return metadata;
                });
            builder.Services.AddSingleton(_ => (TClient)Activator.CreateInstance(typeof(TClient), invoker)!);
            return null;
        }

        var address = builder.Configuration[$"Services:{serviceName}"] is { Length: > 0 } configured
            ? configured
            : $"http://localhost:{defaultPort}";
        return builder.Services.AddGrpcClient<TClient>(o => o.Address = new Uri(address))
            .ConfigurePrimaryHttpMessageHandler(() => TrustedCertificate.CreateHandler(builder.Configuration))
            .AddHttpMessageHandler(() => new BearerTokenHandler(tokens.Current));
    }

    /// <summary>"vigia-alerting" for Vigia.Alerting: the subject a service's own tokens name in the audit trail.</summary>
    private static string ClientSubject(IHostEnvironment environment) =>
        "vigia-" + environment.ApplicationName.Replace("Vigia.", "", StringComparison.Ordinal).ToLowerInvariant();
}
