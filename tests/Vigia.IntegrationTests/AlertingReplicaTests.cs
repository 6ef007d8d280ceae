using System.Text.Json;
using Google.Protobuf;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>
/// Alerting at two replicas (and one of each other service) as separate processes on RabbitMQ and PostgreSQL: waves in
/// all fourteen departments at once, their reports split across batches, judged by whichever replica takes each batch;
/// then a rolling restart of alerting while more waves arrive. A live subscriber on each replica and a plain consumer
/// of vigia.alerts must each see one OPENED per wave, every event of every replica, none twice.
/// </summary>
public sealed class AlertingReplicaTests(SeparatePlatformFixture fixture) : IClassFixture<SeparatePlatformFixture>
{
    private const string RuleId = "relatives-by-department-replicas";
    private const int BatchSize = 5;
    private static readonly TimeSpan s_settleTimeout = TimeSpan.FromMinutes(4);

    /// <summary>How long to keep listening once every stream agrees, so a late duplicate would have arrived.</summary>
    private static readonly TimeSpan s_quietPeriod = TimeSpan.FromSeconds(5);

    private static readonly JsonParser s_parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    [SkippableFact]
    public async Task TwoAlertingReplicas_WavesInEveryDepartmentThenARollingRestart_OneOpenedPerWaveEverywhereNoGapNoDuplicate()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var platform = await fixture.StartAsync();
        var (_, secondAddress) = await platform.StartReplicaAsync("alerting");
        using var clients = new PlatformClients(platform);
        await clients.Alerting.CreateRuleAsync(new CreateRuleRequest { Rule = DepartmentRule() });
        await using var exchange = await AlertExchangeSubscriber.StartAsync(fixture.RabbitMqUri, "#");
        using var firstChannel = platform.CreateChannel(platform.Alerting);
        using var secondChannel = platform.CreateChannel(secondAddress);
        var request = new SubscribeAlertsRequest { Labels = { ["suite"] = "replicas" } };
        await using var onFirst = await ResumingAlertSubscriber.StartAsync(firstChannel, request);
        await using var onSecond = await ResumingAlertSubscriber.StartAsync(secondChannel, request);
        var source = SampleReports.NewSource("replicas");
        var firstWave = new DateOnly(2016, 3, 7);

        await SubmitWaveAsync(clients, source, firstWave, pause: TimeSpan.Zero);
        await AssertOneOpenedPerWaveAsync(platform, clients, exchange, [onFirst, onSecond], waves: 1);

        // A rolling restart of alerting (each replica killed and started again in turn) while the next wave arrives.
        var secondWave = firstWave.AddDays(14);
        var submitting = SubmitWaveAsync(clients, source, secondWave, pause: TimeSpan.FromSeconds(2));
        await platform.StopAsync("alerting");
        await platform.StartAsync("alerting");
        await platform.StopAsync("alerting-2");
        await platform.StartAsync("alerting-2");
        await submitting;

        await AssertOneOpenedPerWaveAsync(platform, clients, exchange, [onFirst, onSecond], waves: 2);
        Assert.True(onFirst.Reconnections > 0 && onSecond.Reconnections > 0, "each subscriber's replica restarted, so each must have resumed");
    }

    private static Rule DepartmentRule() => new()
    {
        RuleId = RuleId,
        DisplayName = "3 or more relatives of security forces killed within 2 days, per department",
        Selector = new Selector { IncidentTypes = { IncidentType.Homicide }, VictimCategories = { VictimCategory.SecurityForceRelative } },
        Measure = Measure.Victims,
        GroupBy = GroupBy.Admin1,
        Detector = new Detector { Threshold = new Threshold { Count = 3, WindowDays = 2 } },
        Enabled = true,
        Severity = Severity.High,
        Labels = { ["suite"] = "replicas" },
    };

    /// <summary>In every department, two relatives killed on the day and one the day after, in mixed batches of five reports.</summary>
    private static async Task SubmitWaveAsync(PlatformClients clients, string source, DateOnly day, TimeSpan pause)
    {
        var reports = SampleReports.Departments
            .SelectMany(department => new[]
            {
                SampleReports.Homicide(source, $"{day:yyyyMMdd}-{department}-a", day, department, VictimCategory.SecurityForceRelative, victims: 2),
                SampleReports.Homicide(source, $"{day:yyyyMMdd}-{department}-b", day.AddDays(1), department, VictimCategory.SecurityForceRelative),
            })
            .OrderBy(r => r.SourceRecordId.GetHashCode(StringComparison.Ordinal))
            .ToList();
        using var bulk = clients.Ingestion.SubmitReports();
        foreach (var batch in reports.Chunk(BatchSize))
        {
            await bulk.RequestStream.WriteAsync(new SubmitReportsRequest { Reports = { batch } });
            Assert.True(await bulk.ResponseStream.MoveNext(CancellationToken.None), "SubmitReports ended early");
            Assert.All(bulk.ResponseStream.Current.Results, r => Assert.Equal(ReportStatus.Accepted, r.Status));
            await Task.Delay(pause);
        }

        await bulk.RequestStream.CompleteAsync();
    }

    /// <summary>
    /// Waits until both live streams and the exchange carry exactly the rule's events as recorded (every event of every
    /// replica), then checks one OPENED per department per wave, no event id twice anywhere, and each alert's events in
    /// the order they happened.
    /// </summary>
    private static async Task AssertOneOpenedPerWaveAsync(
        PlatformProcesses platform, PlatformClients clients, AlertExchangeSubscriber exchange, ResumingAlertSubscriber[] subscribers, int waves)
    {
        var expectedAlerts = waves * SampleReports.Departments.Length;
        var recorded = await Eventually.ReachedAsync(
            $"{expectedAlerts} alerts of the rule, every event on both live streams and on vigia.alerts",
            async () =>
            {
                var events = await RecordedEventsAsync(clients);
                return (Events: events, Agree: events.Count(e => e.Kind == AlertEventKind.Opened) == expectedAlerts
                    && subscribers.All(s => SameEvents(s.Events, events)) && SameEvents(Published(exchange), events));
            },
            state => state.Agree,
            s_settleTimeout,
            state => $"{state.Events.Count(e => e.Kind == AlertEventKind.Opened)} OPENED recorded, {state.Events.Count} events; the streams received " +
                     string.Join(", ", subscribers.Select(s => s.Events.Count)) + $"; the exchange {Published(exchange).Count}",
            () => platform.DescribeOutput("alerting", "alerting-2"));

        await Task.Delay(s_quietPeriod);
        var published = exchange.Messages.Select(Parse).ToList();
        Assert.Equal(published.Count, published.Select(e => e.EventId).Distinct().Count());
        foreach (var events in subscribers.Select(s => s.Events).Append(Published(exchange)))
        {
            Assert.Equal(expectedAlerts, events.Count(e => e.Kind == AlertEventKind.Opened));
            Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
            Assert.True(SameEvents(events, recorded.Events), "a stream received an event twice, or late, after the others settled");
        }

        var opened = recorded.Events.Where(e => e.Kind == AlertEventKind.Opened).ToList();
        Assert.Equal(expectedAlerts, opened.Select(e => e.AlertId).Distinct().Count());
        Assert.All(
            opened.GroupBy(e => e.Series.Admin1.Single()),
            perDepartment => Assert.Equal(waves, perDepartment.Count()));
        Assert.All(opened, e => Assert.Equal(3, e.Observed));
    }

    /// <summary>Every event of the rule's alerts as alerting recorded them, each alert's oldest first.</summary>
    private static async Task<List<AlertEvent>> RecordedEventsAsync(PlatformClients clients)
    {
        var alerts = await clients.Alerting.ListAlertsAsync(new ListAlertsRequest { RuleId = RuleId, PageSize = 500 });
        var events = new List<AlertEvent>();
        foreach (var alert in alerts.Alerts)
        {
            events.AddRange((await clients.Alerting.ListAlertEventsAsync(new ListAlertEventsRequest { AlertId = alert.AlertId, PageSize = 500 })).Events);
        }

        return events;
    }

    /// <summary>The same events (by id, each once), and each alert's in the order recorded.</summary>
    private static bool SameEvents(IReadOnlyList<AlertEvent> received, List<AlertEvent> recorded) =>
        received.Count == recorded.Count
        && received.Select(e => e.EventId).ToHashSet().SetEquals(recorded.Select(e => e.EventId))
        && recorded.GroupBy(e => e.AlertId).All(alert =>
            received.Where(e => e.AlertId == alert.Key).Select(e => e.EventId).SequenceEqual(alert.Select(e => e.EventId)));

    private static List<AlertEvent> Published(AlertExchangeSubscriber exchange) =>
        [.. exchange.Messages.Select(Parse).Where(e => e.RuleId == RuleId)];

    private static AlertEvent Parse(ReceivedAlertMessage message)
    {
        using var cloudEvent = JsonDocument.Parse(message.Body);
        return s_parser.Parse<AlertEvent>(cloudEvent.RootElement.GetProperty("data").GetRawText());
    }
}
