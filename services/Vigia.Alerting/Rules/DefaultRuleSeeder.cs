using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;

namespace Vigia.Alerting.Rules;

/// <summary>
/// Adds the default rules the first time the service starts, after the database is created. Only once: a default an
/// operator deleted stays deleted (disable it to keep it around).
/// </summary>
public sealed class DefaultRuleSeeder(IServiceScopeFactory scopes, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        var rules = scope.ServiceProvider.GetRequiredService<RuleCatalog>();
        if (await db.Settings.AnyAsync(s => s.Key == AlertingSetting.DefaultRulesSeeded, cancellationToken))
        {
            return;
        }

        foreach (var rule in DefaultRules.All())
        {
            if (!await db.Rules.AnyAsync(r => r.RuleId == rule.RuleId, cancellationToken))
            {
                rules.Add(rule, createdBy: "vigia (default rules)");
            }
        }

        db.Settings.Add(new AlertingSetting { Key = AlertingSetting.DefaultRulesSeeded, Value = time.GetUtcNow().UtcDateTime.ToString("O") });
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
