using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Waves;

/// <summary>
/// Alerting as two replicas on one PostgreSQL database: a series judged in one place at a time, and waves and alerts
/// that refuse a write based on a stale read instead of overwriting what the other replica did.
/// </summary>
public sealed class ReplicaSafetyTests : IAsyncLifetime
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);

    private string _database = "";
    private InMemoryServiceHost _first = null!;
    private InMemoryServiceHost? _second;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        // Null when the test skipped before starting it.
        if (_first is not null)
        {
            await _first.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task SaveChanges_WaveChangedByAnotherReplicaSinceRead_IsRefused()
    {
        await StartAsync();
        await using (var setup = Db(_first))
        {
            setup.Db.Waves.Add(WaveStateRecord.For("rule", "SV", new Selector()));
            await setup.Db.SaveChangesAsync();
        }

        await using var stale = Db(_first);
        var staleWave = await stale.Db.Waves.SingleAsync(w => w.RuleId == "rule");
        await using (var other = Db(_first))
        {
            var wave = await other.Db.Waves.SingleAsync(w => w.RuleId == "rule");
            wave.Store(new WaveState(Wave("opened-by-the-other-replica"), null));
            await other.Db.SaveChangesAsync();
        }

        staleWave.Store(new WaveState(Wave("opened-on-a-stale-read"), null));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.Db.SaveChangesAsync());
        await using var check = Db(_first);
        Assert.Equal("opened-by-the-other-replica", (await check.Db.Waves.SingleAsync(w => w.RuleId == "rule")).AlertId);
    }

    [SkippableFact]
    public async Task SaveChanges_AlertChangedSinceRead_IsRefused()
    {
        await StartAsync();
        await using (var setup = Db(_first))
        {
            var record = new AlertRecord { AlertId = "alert", RuleId = "rule", SeriesKey = "SV", Body = [] };
            record.Store(new Alert { AlertId = "alert", State = AlertState.Open });
            setup.Db.Alerts.Add(record);
            await setup.Db.SaveChangesAsync();
        }

        await using var stale = Db(_first);
        var staleAlert = await stale.Db.Alerts.SingleAsync(a => a.AlertId == "alert");
        await using (var other = Db(_first))
        {
            var record = await other.Db.Alerts.SingleAsync(a => a.AlertId == "alert");
            record.Store(new Alert { AlertId = "alert", State = AlertState.Open, Acknowledged = true });
            await other.Db.SaveChangesAsync();
        }

        staleAlert.Store(new Alert { AlertId = "alert", State = AlertState.Resolved });

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.Db.SaveChangesAsync());
        Assert.True(RuleFailures.IsTransient(new DbUpdateConcurrencyException()), "a conflict must retry the evaluation, not mark the rule failing");
    }

    [SkippableFact]
    public async Task LockAsync_SeriesHeldByAnotherTransaction_WaitsUntilThatTransactionEnds()
    {
        await StartAsync();
        await using var holder = Db(_first);
        await using var holding = await holder.Db.Database.BeginTransactionAsync();
        await SeriesLocks.LockAsync(holder.Db, "rule", ["SV-SM", "SV-SS"], CancellationToken.None);

        await using var waiter = Db(_first);
        await using (var waiting = await waiter.Db.Database.BeginTransactionAsync())
        {
            // Another series of the rule is free.
            await SeriesLocks.LockAsync(waiter.Db, "rule", ["SV-LI"], CancellationToken.None);
            await waiter.Db.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '300ms'");
            var refused = await Assert.ThrowsAsync<PostgresException>(() => SeriesLocks.LockAsync(waiter.Db, "rule", ["SV-SS"], CancellationToken.None));
            Assert.Equal(PostgresErrorCodes.LockNotAvailable, refused.SqlState);
        }

        await holding.CommitAsync();
        await using var after = await waiter.Db.Database.BeginTransactionAsync();
        await waiter.Db.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '300ms'");
        await SeriesLocks.LockAsync(waiter.Db, "rule", ["SV-SS"], CancellationToken.None);
    }

    [SkippableFact]
    public async Task SeriesChanged_TwoReplicasJudgingOneSeriesAtOnce_OpenOneAlertPerWave()
    {
        await StartAsync();
        _second = await AlertingHost.StartOnPostgresAsync(_database);
        // Six waves of the June 2017 pattern, a week apart; each wave's killings split between the two replicas'
        // batches, published at once, so both judge the country's series at the same time.
        for (var wave = 0; wave < 6; wave++)
        {
            var day = s_june11.AddDays(7 * wave);
            var consumed = await AlertingHost.ConsumedAsync(_first);
            await Task.WhenAll(
                _first.GetRequiredService<IBus>().Publish(Batch(AlertingHost.RelativesKilled(day, victims: 2) with { Admin1 = "SV-SS" })),
                _second.GetRequiredService<IBus>().Publish(Batch(AlertingHost.RelativesKilled(day.AddDays(1)) with { Admin1 = "SV-LI" })));
            await AlertingHost.WaitUntilJudgedAsync(_first, consumed + 2);
        }

        var opened = await _first.WithDbAsync(db => db.AlertEvents.Where(e => e.Kind == "opened").ToListAsync());
        var alerts = await _first.WithDbAsync(db => db.Alerts.Where(a => a.RuleId == DefaultRules.SecurityForceRelativesKilledId).ToListAsync());
        Assert.Equal(6, alerts.Count);
        Assert.Equal(6, opened.Count(e => e.ToEvent().RuleId == DefaultRules.SecurityForceRelativesKilledId));
        Assert.All(alerts, a => Assert.Equal(3, a.ToAlert().Observed));
    }

    private static IncidentsChanged Batch(params IncidentSnapshot[] incidents) => new() { BatchId = NewId.NextGuid(), Incidents = incidents };

    private static OpenWave Wave(string alertId) => new(alertId, s_june11, s_june11, s_june11, 3, 0, 0, 0, "threshold");

    private async Task StartAsync()
    {
        TestServers.RequirePostgres();
        _database = await TestServers.CreateDatabaseAsync("alerting");
        _first = await AlertingHost.StartOnPostgresAsync(_database);
    }

    private static ScopedDb Db(InMemoryServiceHost host)
    {
        var scope = host.Services.CreateAsyncScope();
        return new ScopedDb(scope, scope.ServiceProvider.GetRequiredService<AlertingDbContext>());
    }

    private sealed record ScopedDb(AsyncServiceScope Scope, AlertingDbContext Db) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }
}
