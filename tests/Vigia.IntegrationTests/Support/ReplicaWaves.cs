using System.Text.Json;
using Google.Protobuf;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.Testing;

namespace Vigia.IntegrationTests.Support;

/// <summary>
/// Waves of killings of security forces' relatives in all fourteen departments at once, for the test that runs every
/// service at two replicas: a per-department threshold rule, the waves' reports in mixed batches spread over the given
/// ingestion replicas, and the check that every live stream and vigia.alerts carry exactly the rule's recorded events.
/// </summary>
public sealed class ReplicaWaves(string ruleId, string suite)
{
    private const int BatchSize = 5;
    private static readonly TimeSpan s_settleTimeout = TimeSpan.FromMinutes(4);

    /// <summary>How long to keep listening once every stream agrees, so a late duplicate would have arrived.</summary>
    private static readonly TimeSpan s_quietPeriod = TimeSpan.FromSeconds(5);

    private static readonly JsonParser s_parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>Reports per department in one wave: two relatives killed on the day (one report) and one the day after.</summary>
    public const int ReportsPerDepartment = 2;

    /// <summary>Victims per department in one wave.</summary>
    public const int VictimsPerDepartment = 3;

    public SubscribeAlertsRequest Subscription => new() { Labels = { ["suite"] = suite } };

    public Rule Rule => new()
    {
        RuleId = ruleId,
        DisplayName = "3 or more relatives of security forces killed within 2 days, per department",
        Selector = new Selector { IncidentTypes = { IncidentType.Homicide }, VictimCategories = { VictimCategory.SecurityForceRelative } },
        Measure = Measure.Victims,
        GroupBy = GroupBy.Admin1,
        Detector = new Detector { Threshold = new Threshold { Count = 3, WindowDays = 2 } },
        Enabled = true,
        Severity = Severity.High,
        Labels = { ["suite"] = suite },
    };

    /// <summary>One wave in every department, in mixed batches of five reports sent in turn to each of <paramref name="ingestion"/>.</summary>
    public static async Task SubmitAsync(IReadOnlyList<IngestionService.IngestionServiceClient> ingestion, string source, DateOnly day, TimeSpan pause)
    {
        var reports = SampleReports.Departments
            .SelectMany(department => new[]
            {
                SampleReports.Homicide(source, $"{day:yyyyMMdd}-{department}-a", day, department, VictimCategory.SecurityForceRelative, victims: 2),
                SampleReports.Homicide(source, $"{day:yyyyMMdd}-{department}-b", day.AddDays(1), department, VictimCategory.SecurityForceRelative),
            })
            .OrderBy(r => r.SourceRecordId.GetHashCode(StringComparison.Ordinal))
            .ToList();
        var streams = ingestion.Select(client => client.SubmitReports()).ToList();
        try
        {
            foreach (var (batch, index) in reports.Chunk(BatchSize).Select((batch, index) => (batch, index)))
            {
                var bulk = streams[index % streams.Count];
                await bulk.RequestStream.WriteAsync(new SubmitReportsRequest { Reports = { batch } });
                Assert.True(await bulk.ResponseStream.MoveNext(CancellationToken.None), "SubmitReports ended early");
                Assert.All(bulk.ResponseStream.Current.Results, r => Assert.Equal(ReportStatus.Accepted, r.Status));
                await Task.Delay(pause);
            }

            foreach (var bulk in streams)
            {
                await bulk.RequestStream.CompleteAsync();
            }
        }
        finally
        {
            streams.ForEach(bulk => bulk.Dispose());
        }
    }

    /// <summary>
    /// Waits until every live stream and the exchange carry exactly the rule's events as recorded (every event of every
    /// replica), then checks one OPENED per department per wave, no event id twice anywhere, and each alert's events in
    /// the order they happened.
    /// </summary>
    public async Task AssertOneOpenedPerWaveAsync(
        PlatformProcesses platform, PlatformClients clients, AlertExchangeSubscriber exchange, ResumingAlertSubscriber[] subscribers, int waves)
    {
        var expectedAlerts = waves * SampleReports.Departments.Length;
        var recorded = await Eventually.ReachedAsync(
            $"{expectedAlerts} alerts of the rule, every event on every live stream and on vigia.alerts",
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
            () => platform.DescribeOutput());

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
        Assert.All(opened, e => Assert.Equal(VictimsPerDepartment, e.Observed));
    }

    /// <summary>Every event of the rule's alerts as alerting recorded them, each alert's oldest first.</summary>
    private async Task<List<AlertEvent>> RecordedEventsAsync(PlatformClients clients)
    {
        var alerts = await clients.Alerting.ListAlertsAsync(new ListAlertsRequest { RuleId = ruleId, PageSize = 500 });
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

    private List<AlertEvent> Published(AlertExchangeSubscriber exchange) =>
        [.. exchange.Messages.Select(Parse).Where(e => e.RuleId == ruleId)];

    private static AlertEvent Parse(ReceivedAlertMessage message)
    {
        using var cloudEvent = JsonDocument.Parse(message.Body);
        return s_parser.Parse<AlertEvent>(cloudEvent.RootElement.GetProperty("data").GetRawText());
    }
}
