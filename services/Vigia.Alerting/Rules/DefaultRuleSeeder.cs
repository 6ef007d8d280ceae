namespace Vigia.Alerting.Rules;

/// <summary>Seeds the default rules at start-up, after the database is created.</summary>
public sealed class DefaultRuleSeeder(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RuleCatalog>().SeedDefaultsAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
