using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>Not ready while a consumer holds a message waiting for a dependency: the service cannot do its work now.</summary>
internal sealed class DependencyReadinessCheck(DependencyWaits waits) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(waits.Describe() is { } waiting ? HealthCheckResult.Unhealthy(waiting) : HealthCheckResult.Healthy());
}
