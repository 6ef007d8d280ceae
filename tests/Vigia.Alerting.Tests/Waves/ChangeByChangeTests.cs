using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigia.Alerting.Data;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.Waves;
using Vigia.Contracts.Messages;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Waves;

/// <summary>
/// What the judge does with a message that failed as a whole: each change applied and saved on its own, in one scope
/// and transaction. A series two changes touch is judged twice in that unit of work, and neither fails its rule.
/// </summary>
public sealed class ChangeByChangeTests
{
    private static readonly DateOnly s_first = new(2016, 1, 4);

    [Fact]
    public async Task ApplyAsync_OneSeriesJudgedTwiceInOneUnitOfWork_FailsNoRule()
    {
        // The second apply finds the series' token tracked by the first.
        await using var host = await AlertingHost.StartAsync();
        await host.PublishBatchAsync(AlertingHost.YearOfHomicides(s_first, 374));
        var incidents = new[] { AlertingHost.Homicides(s_first.AddDays(373), victims: 3), AlertingHost.Homicides(s_first.AddDays(372), victims: 2) };
        await ApplyOneByOneAsync(host, incidents);

        Assert.Empty(await FailingRulesAsync(host));
        var ids = incidents.Select(i => i.IncidentId).ToList();
        var tracked = await host.WithDbAsync(db => db.SeriesIncidents.Where(s => ids.Contains(s.IncidentId)).Select(s => s.IncidentId).ToListAsync());
        Assert.Equal(ids.Order(), tracked.Distinct().Order());
    }

    [Fact]
    public async Task ApplyAsync_SeriesWithAWaveJudgedTwiceInOneUnitOfWork_FailsNoRule()
    {
        // The relatives' series once its wave is open: the second apply finds the wave tracked by the first.
        await using var host = await AlertingHost.StartAsync();
        var day = new DateOnly(2017, 6, 11);
        await host.PublishBatchAsync(AlertingHost.RelativesKilled(day, victims: 3));
        Assert.NotNull(await host.WithDbAsync(db => db.Waves.SingleOrDefaultAsync(w => w.RuleId == DefaultRules.SecurityForceRelativesKilledId)));
        var incidents = new[] { AlertingHost.RelativesKilled(day.AddDays(1)), AlertingHost.RelativesKilled(day.AddDays(1), victims: 2) };
        await ApplyOneByOneAsync(host, incidents);

        Assert.Empty(await FailingRulesAsync(host));
    }

    private static Task<List<string>> FailingRulesAsync(InMemoryServiceHost host) =>
        host.WithDbAsync(db => db.Rules.Where(r => r.FailingReason != null).Select(r => r.RuleId + ": " + r.FailingReason).ToListAsync());

    /// <summary>Each incident applied and saved on its own in one scope and transaction, as the judge splits a failed message.</summary>
    private static async Task ApplyOneByOneAsync(InMemoryServiceHost host, IncidentSnapshot[] incidents)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
        var evaluator = scope.ServiceProvider.GetRequiredService<AlertEvaluator>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var incident in incidents)
        {
            await evaluator.ApplyAsync(new SeriesChanged { BatchId = Guid.NewGuid(), Changes = [new SeriesChange { Current = incident }] }, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        await transaction.CommitAsync();
    }
}
