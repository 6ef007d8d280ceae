using Microsoft.Extensions.Configuration;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>
/// Where the Dapr sidecar listens, read from configuration (Dapr injects DAPR_GRPC_ENDPOINT or
/// DAPR_GRPC_PORT as environment variables, which configuration includes) rather than from the process
/// environment, so a host can be pointed at a sidecar of its own.
/// </summary>
public static class DaprSidecar
{
    /// <returns>The sidecar's gRPC address, or null when no sidecar is configured.</returns>
    public static string? GrpcEndpoint(IConfiguration configuration) =>
        configuration["DAPR_GRPC_ENDPOINT"] is { Length: > 0 } endpoint ? endpoint
        : configuration["DAPR_GRPC_PORT"] is { Length: > 0 } port ? $"http://127.0.0.1:{port}"
        : null;
}
