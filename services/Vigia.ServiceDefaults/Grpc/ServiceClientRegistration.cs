using Dapr.Client;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Vigia.ServiceDefaults.Grpc;

public static class ServiceClientRegistration
{
    /// <summary>
    /// Registers the generated gRPC client of another Vigia service. Next to a Dapr sidecar
    /// (DAPR_GRPC_PORT set, Vigia:UseDapr not false) calls go through Dapr service invocation to app
    /// id "vigia-&lt;name&gt;", which brings mTLS, retries and discovery on Kubernetes; otherwise they go
    /// straight to Services:&lt;name&gt; (default http://localhost:&lt;port&gt;).
    /// </summary>
    /// <returns>The HTTP client builder of the direct client (null with Dapr), for tests to swap the handler.</returns>
    public static IHttpClientBuilder? AddServiceClient<TClient>(this IHostApplicationBuilder builder, string serviceName, int defaultPort)
        where TClient : ClientBase<TClient>
    {
        var useDapr = !string.IsNullOrEmpty(builder.Configuration["DAPR_GRPC_PORT"])
            && builder.Configuration.GetValue("Vigia:UseDapr", true);
        if (useDapr)
        {
            var invoker = DaprClient.CreateInvocationInvoker($"vigia-{serviceName}");
            builder.Services.AddSingleton(_ => (TClient)Activator.CreateInstance(typeof(TClient), invoker)!);
            return null;
        }

        var address = builder.Configuration[$"Services:{serviceName}"] is { Length: > 0 } configured
            ? configured
            : $"http://localhost:{defaultPort}";
        return builder.Services.AddGrpcClient<TClient>(o => o.Address = new Uri(address));
    }
}
