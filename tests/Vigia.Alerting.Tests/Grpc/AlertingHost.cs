using Grpc.Core.Interceptors;
using MassTransit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigia.Alerting.Consumers;
using Vigia.Alerting.Data;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Statistics;
using Vigia.Statistics.Consumers;
using Vigia.Statistics.Data;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Grpc;

/// <summary>
/// The real statistics and alerting services in one in-memory host, as the embedded default runs
/// them: incidents published to the bus are counted by statistics, whose SeriesChanged alerting
/// judges, reading the series back through the statistics gRPC client (here over the TestServer).
/// </summary>
internal static class AlertingHost
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <param name="time">The platform's clock, when a test drives it.</param>
    public static Task<InMemoryServiceHost> StartAsync(
        IDictionary<string, string?>? settings = null, Interceptor? statisticsCalls = null, TimeProvider? time = null) =>
        InMemoryServiceHost.StartAsync(
            b =>
            {
                b.AddStatistics();
                b.AddAlerting();
            },
            app =>
            {
                app.MapStatistics();
                app.MapAlerting();
            },
            b =>
            {
                var client = b.Services.AddGrpcClient<StatisticsService.StatisticsServiceClient>(o => o.Address = new Uri("http://localhost"))
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                if (statisticsCalls is not null)
                {
                    client.AddInterceptor(() => statisticsCalls);
                }

                if (time is not null)
                {
                    b.Services.AddSingleton(time);
                }
            },
            settings);

    /// <summary>A killing of <paramref name="victims"/> relatives of security forces in San Miguel.</summary>
    public static IncidentSnapshot RelativesKilled(DateOnly on, int victims = 1) => new()
    {
        IncidentId = NewId.NextGuid(),
        Version = 1,
        OccurredOn = on,
        DatePrecision = DatePrecision.Day,
        CountryCode = "SV",
        Admin1 = "SV-SM",
        IncidentType = IncidentType.Homicide,
        Victims = [new VictimCount { Category = VictimCategory.SecurityForceRelative, Count = victims }],
        Perpetrator = "MS13",
        Retracted = false,
    };

    /// <summary>A homicide of <paramref name="victims"/> civilians in <paramref name="admin1"/>, El Salvador.</summary>
    public static IncidentSnapshot Homicides(DateOnly on, int victims, string admin1 = "SV-SS") => new()
    {
        IncidentId = NewId.NextGuid(),
        Version = 1,
        OccurredOn = on,
        DatePrecision = DatePrecision.Day,
        CountryCode = "SV",
        Admin1 = admin1,
        IncidentType = IncidentType.Homicide,
        Victims = [new VictimCount { Category = VictimCategory.Civilian, Count = victims }],
        Perpetrator = "unknown",
        Retracted = false,
    };

    /// <summary>
    /// A year of about nine homicide victims a day from <paramref name="first"/> (7 to 11, in no weekly pattern),
    /// one incident a day.
    /// </summary>
    public static IncidentSnapshot[] YearOfHomicides(DateOnly first, int days = 365) =>
        [.. Enumerable.Range(0, days).Select(i => Homicides(first.AddDays(i), 7 + (i * 7919 % 5)))];

    /// <summary>A host on a fresh PostgreSQL database of its own (skips loudly unless CI when there is no server).</summary>
    public static async Task<InMemoryServiceHost> StartOnPostgresAsync(TimeProvider? time = null, Interceptor? statisticsCalls = null)
    {
        TestServers.RequirePostgres();
        return await StartOnPostgresAsync(await TestServers.CreateDatabaseAsync("alerting"), time, statisticsCalls);
    }

    /// <summary>A host on the given PostgreSQL database: two hosts on one database are two replicas.</summary>
    public static Task<InMemoryServiceHost> StartOnPostgresAsync(string connectionString, TimeProvider? time = null, Interceptor? statisticsCalls = null) =>
        StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString }, statisticsCalls, time);

    /// <summary>Publishes the incidents as one registry batch and waits until alerting has judged it.</summary>
    public static async Task PublishBatchAsync(this InMemoryServiceHost host, params IncidentSnapshot[] incidents)
    {
        var consumed = await ConsumedAsync(host);
        await host.PublishIncidentsAsync(incidents);
        await WaitUntilJudgedAsync(host, consumed + 1);
    }

    /// <summary>Publishes the incidents as one registry batch, without waiting for alerting.</summary>
    public static Task PublishIncidentsAsync(this InMemoryServiceHost host, params IncidentSnapshot[] incidents) =>
        host.GetRequiredService<IBus>().Publish(new IncidentsChanged { BatchId = NewId.NextGuid(), Incidents = incidents });

    /// <summary>Publishes each incident as its own registry batch and waits until alerting has judged them all.</summary>
    public static async Task PublishAsync(this InMemoryServiceHost host, params IncidentSnapshot[] incidents)
    {
        foreach (var incident in incidents)
        {
            await host.PublishBatchAsync(incident);
        }
    }

    public static async Task<T> WithDbAsync<T>(this InMemoryServiceHost host, Func<AlertingDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AlertingDbContext>());
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>How many SeriesChanged alerting has taken off the bus (queued for its judge, or judged).</summary>
    public static Task<int> ConsumedAsync(InMemoryServiceHost host) =>
        host.WithDbAsync(db => db.Set<Vigia.ServiceDefaults.Delivery.InboxMessage>().CountAsync(m => m.Consumer == SeriesChangedConsumer.Name));

    /// <summary>
    /// How many IncidentsChanged statistics has applied and whether every SeriesChanged it wrote for them has been taken
    /// by alerting (on the in-memory bus an outbox row is sent once its consumers committed it). Statistics applies the
    /// messages that queue behind a transaction together, so the SeriesChanged messages may be fewer.
    /// </summary>
    public static Task<(int Applied, bool AllTaken)> StatisticsAppliedAsync(InMemoryServiceHost host) =>
        WithStatisticsDbAsync(host, async db => (
            await db.Set<Vigia.ServiceDefaults.Delivery.InboxMessage>().CountAsync(m => m.Consumer == IncidentsChangedConsumer.Name),
            !await db.Set<Vigia.ServiceDefaults.Delivery.OutboxMessage>().AnyAsync(m => m.SentAt == null && m.SetAsideAt == null)));

    private static async Task<T> WithStatisticsDbAsync<T>(InMemoryServiceHost host, Func<StatisticsDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<StatisticsDbContext>());
    }

    /// <summary>Waits until alerting has taken <paramref name="consumed"/> SeriesChanged off the bus and judged every one queued.</summary>
    public static Task WaitUntilJudgedAsync(InMemoryServiceHost host, int consumed) =>
        WaitUntilAsync(async () => await ConsumedAsync(host) >= consumed && !await host.WithDbAsync(db => db.PendingSeriesChanges.AnyAsync()));
}
