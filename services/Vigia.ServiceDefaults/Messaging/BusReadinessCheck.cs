using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vigia.ServiceDefaults.Messaging;

/// <summary>
/// Ready only while the bus is fully healthy. MassTransit's own check reports Degraded when the
/// broker is unreachable, and gRPC health maps only Unhealthy to NOT_SERVING.
/// </summary>
internal sealed class BusReadinessCheck(IBusControl bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = bus.CheckHealth();
        return Task.FromResult(health.Status == BusHealthStatus.Healthy
            ? HealthCheckResult.Healthy(health.Description)
            : HealthCheckResult.Unhealthy($"Bus is {health.Status}: {health.Description}"));
    }
}
