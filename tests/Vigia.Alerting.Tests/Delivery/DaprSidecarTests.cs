using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using MassTransit;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;
using Vigia.Alerting.Delivery;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.V1;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics;
using Vigia.Statistics.Data;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Delivery;

/// <summary>
/// Alerting next to a Dapr sidecar (the Dapr overlay): it reaches statistics through Dapr service
/// invocation, and publishes the alert stream through Dapr pub/sub, both against a local endpoint
/// that speaks the sidecar's API.
/// </summary>
public sealed class DaprSidecarTests
{
    [Fact]
    public async Task BacktestRule_NextToASidecar_ReadsTheSeriesFromStatisticsThroughDaprInvocation()
    {
        await using var statistics = await InMemoryServiceHost.StartAsync(b => b.AddStatistics(), app => app.MapStatistics());
        await using var sidecar = await FakeDaprSidecar.StartAsync(new Dictionary<string, Func<HttpMessageHandler>>
        {
            ["vigia-statistics"] = () => statistics.App.GetTestServer().CreateHandler(),
        });
        await using var alerting = await InMemoryServiceHost.StartAsync(b => b.AddAlerting(), app => app.MapAlerting(),
            settings: new Dictionary<string, string?> { ["DAPR_GRPC_PORT"] = sidecar.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await CountAsync(statistics, AlertingHost.RelativesKilled(new DateOnly(2017, 6, 11), victims: 2), AlertingHost.RelativesKilled(new DateOnly(2017, 6, 12)));

        var response = await new AlertingService.AlertingServiceClient(alerting.Channel).BacktestRuleAsync(new BacktestRuleRequest
        {
            RuleId = DefaultRules.SecurityForceRelativesKilledId,
            Period = ProtoDates.ToPeriod(new DateOnly(2017, 6, 1), new DateOnly(2017, 6, 30)),
        });

        Assert.Equal(3, Assert.Single(response.Events, e => e.Kind == AlertEventKind.Opened).Observed);
        Assert.NotEmpty(sidecar.Recorded.Invocations);
        Assert.All(sidecar.Recorded.Invocations, call =>
        {
            Assert.Equal("vigia-statistics", call.AppId);
            Assert.StartsWith("/vigia.statistics.v1.StatisticsService/", call.Path, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AlertEvent_WithAPubSubComponentConfigured_IsPublishedThroughTheSidecarAsItsCloudEvent()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync(new Dictionary<string, Func<HttpMessageHandler>>());
        await using var alerting = await InMemoryServiceHost.StartAsync(b => b.AddAlerting(), app => app.MapAlerting(),
            settings: new Dictionary<string, string?>
            {
                ["DAPR_GRPC_PORT"] = sidecar.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Vigia:Alerting:DaprPubSub"] = "vigia-pubsub",
            });
        var alertEvent = new AlertEvent
        {
            EventId = NewId.NextGuid().ToString(),
            AlertId = NewId.NextGuid().ToString(),
            Kind = AlertEventKind.Opened,
            RuleId = DefaultRules.SecurityForceRelativesKilledId,
            Observed = 3,
            EmittedAt = Timestamp.FromDateTime(DateTime.UtcNow),
        };
        await using (var scope = alerting.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AlertingDbContext>();
            db.AlertEvents.Add(new AlertEventRecord
            {
                EventId = alertEvent.EventId,
                AlertId = alertEvent.AlertId,
                Kind = alertEvent.Kind.ToString(),
                Body = AlertRecorder.Formatter.Format(alertEvent),
                EmittedAt = alertEvent.EmittedAt.ToDateTime(),
            });
            await db.SaveChangesAsync();
        }

        await Poll.UntilAsync(() => Task.FromResult(sidecar.Recorded.Published.Count), n => n > 0, TimeSpan.FromSeconds(30));

        var published = Assert.Single(sidecar.Recorded.Published);
        Assert.Equal(("vigia-pubsub", AlertStreamOptions.DefaultExchange), (published.PubsubName, published.Topic));
        Assert.Equal(AlertCloudEvent.ContentType, published.DataContentType);
        using var cloudEvent = JsonDocument.Parse(published.Data.Memory);
        Assert.Equal(alertEvent.EventId, cloudEvent.RootElement.GetProperty("id").GetString());
        Assert.Equal(alertEvent.AlertId, cloudEvent.RootElement.GetProperty("data").GetProperty("alertId").GetString());
        Assert.True(await Poll.UntilAsync(
            () => alerting.WithDbAsync(db => db.AlertEvents.AnyAsync(e => e.EventId == alertEvent.EventId && e.PublishedAt != null)),
            published => published, TimeSpan.FromSeconds(30)), "the relay never marked the event published");
    }

    /// <summary>Has statistics count the incidents (as registry batches) and waits until it has.</summary>
    private static async Task CountAsync(InMemoryServiceHost statistics, params IncidentSnapshot[] incidents)
    {
        await statistics.GetRequiredService<IBus>().Publish(new IncidentsChanged { BatchId = NewId.NextGuid(), Incidents = incidents });
        var counted = await Poll.UntilAsync(async () =>
        {
            await using var scope = statistics.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<StatisticsDbContext>().Set<InboxMessage>().AnyAsync();
        }, done => done, TimeSpan.FromSeconds(30));
        Assert.True(counted, "statistics never counted the incidents");
    }
}
