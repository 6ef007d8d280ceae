using RabbitMQ.Client;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Auth;
using Vigia.Testing;
using static Vigia.IntegrationTests.Support.SampleReports;

namespace Vigia.IntegrationTests;

/// <summary>
/// Alerting's live path on the real broker: reports in at ingestion (SubmitReports), through registry and statistics
/// to alerting as separate processes on RabbitMQ and PostgreSQL, and the rule's alert events out on SubscribeAlerts
/// and on a plain RabbitMQ queue bound to <c>vigia.alerts</c>. The in-process tests (Vigia.Alerting.Tests/Waves) pin
/// each behaviour step by step on the in-memory bus; these check it survives the real one.
/// <para>
/// One platform for the class. Each test creates its own rule, selecting its own perpetrator (and country where the
/// automatic detector learns from a country's first recorded day), and reports in departments of its own: the registry
/// merges reports of different sources on the same day, place and victims into one incident, whatever their perpetrator. Alerting judges
/// every day before one platform-wide data horizon, so the tests run from the earliest data to the latest
/// (<see cref="ByRunOrder"/>).
/// </para>
/// </summary>
[TestCaseOrderer(ByRunOrder.TypeName, ByRunOrder.AssemblyName)]
public sealed class LivePathOnRabbitMqTests(SeparatePlatformFixture fixture) : IClassFixture<SeparatePlatformFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    // Longer than any reporting delay the faked-clock test moves alerting's clock across.
    private static readonly TimeSpan s_acrossTheClockJump = TimeSpan.FromDays(7);

    [SkippableFact]
    [RunOrder(1)]
    public async Task SubmitReports_June2017RelativesKilledWithAThresholdRule_OneAlertOnStreamAndExchange()
    {
        var (platform, clients) = await StartAsync();
        using var _ = clients;
        var rule = await CreateRuleAsync(clients, "live-june-threshold", Relatives("clica-june-threshold"),
            new Detector { Threshold = new Threshold { Count = 3, WindowDays = 2 } });
        await using var watch = await RuleAlertWatch.StartAsync(platform, fixture.RabbitMqUri, rule);

        var source = SampleReports.NewSource("diario");
        await clients.SubmitAcceptedAsync(
        [
            .. SampleReports.JuneWave(source, "clica-june-threshold"),
        ]);

        var opened = await watch.WaitForAsync("the wave of June 11–12 opened with its three killings",
            e => e.Kind == AlertEventKind.Opened && e.Observed >= 3, s_timeout, () => platform.DescribeOutput("alerting"));
        Assert.Equal((June11, June11.AddDays(1)), (Dates.From(opened.Window.StartDate), Dates.From(opened.Window.EndDate)));
        Assert.Equal("threshold", opened.Method);
        await AssertOneAlertAsync(clients, watch, rule, opened.AlertId);
    }

    /// <summary>The README's Python consumer (examples/alert-consumers/python), run as written against the platform.</summary>
    [SkippableFact]
    [RunOrder(1)]
    public async Task SubmitReports_June2017RelativesKilled_ReadmePythonConsumerPrintsTheAlert()
    {
        var (platform, clients) = await StartAsync();
        using var _ = clients;
        var consumer = await ExampleAlertConsumer.FindAsync("python");
        const string perpetrator = "clica-june-readme";
        var rule = await CreateRuleAsync(clients, "live-june-readme", Relatives(perpetrator),
            new Detector { Threshold = new Threshold { Count = 3, WindowDays = 2 } });
        await using var watch = await RuleAlertWatch.StartAsync(platform, fixture.RabbitMqUri, rule);
        // The queue as the consumer declares it, bound before the reports go in, so the alert waits there for the consumer.
        var queue = $"vigia-readme-python-{Guid.NewGuid():N}";
        await using var connection = await new ConnectionFactory { Uri = new Uri(fixture.RabbitMqUri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, AlertExchangeSubscriber.Exchange, "opened.sv.#");
        try
        {
            var source = SampleReports.NewSource("prensa");
            await clients.SubmitAcceptedAsync(
            [
                Relative(source, "mo-1", June11, "SV-MO", perpetrator),
                Relative(source, "pa-1", June11, "SV-PA", perpetrator),
                Relative(source, "so-1", June11.AddDays(1), "SV-SO", perpetrator),
            ]);
            var opened = await watch.WaitForAsync("the wave of June 11–12 opened with its three killings",
                e => e.Kind == AlertEventKind.Opened && e.Observed >= 3, s_timeout, () => platform.DescribeOutput("alerting"));

            var line = await consumer.LineAboutAsync(opened.AlertId, fixture.RabbitMqUri, queue, s_timeout);

            // Type, alert id, observed, expected: a threshold's expected count is 0, which proto-JSON would leave out.
            Assert.Equal($"org.vigia.alert.opened.v1 {opened.AlertId} 3 0", line);
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    [SkippableFact]
    [RunOrder(2)]
    public async Task SubmitReports_June2017RelativesKilledAfterAYearOfHomicides_AutomaticRuleOpensOneAlertOnStreamAndExchange()
    {
        var (platform, clients) = await StartAsync();
        using var _ = clients;
        const string perpetrator = "clica-june-auto";
        var rule = await CreateRuleAsync(clients, "live-june-auto", Relatives(perpetrator), new Detector { Auto = new Auto() });
        await using var watch = await RuleAlertWatch.StartAsync(platform, fixture.RabbitMqUri, rule);

        // The country's data starts a year before: the relatives' series is a year of true zeros, not of days nobody recorded.
        var source = SampleReports.NewSource("boletin");
        await SubmitYearOfHomicidesAsync(platform, clients, source, June11.AddDays(-365), days: 365, "SV-AH", perpetrator);
        await clients.SubmitAcceptedAsync(
        [
            Relative(source, "ah-1", June11, "SV-AH", perpetrator, victims: 2),
            Relative(source, "ch-1", June11.AddDays(1), "SV-CH", perpetrator),
        ]);

        var opened = await watch.WaitForAsync("an alert opened on the relatives killed from June 11",
            e => e.Kind is AlertEventKind.Opened, s_timeout, () => platform.DescribeOutput("alerting"));
        Assert.Equal(June11, Dates.From(opened.Window.StartDate));
        Assert.NotEqual("threshold", opened.Method);
        Assert.True(opened.Observed >= 2, $"observed {opened.Observed}");
        await AssertOneAlertAsync(clients, watch, rule, opened.AlertId);
    }

    [SkippableFact]
    [RunOrder(3)]
    public async Task SubmitReports_25HomicidesAfterAYearAtNineADay_AutomaticRuleOpensOneAlertForThatDayExpectingAboutNine()
    {
        var (platform, clients) = await StartAsync();
        using var _ = clients;
        const string perpetrator = "clica-nine-a-day";
        var rule = await CreateRuleAsync(clients, "live-auto-spike", Homicides("HN", perpetrator), new Detector { Auto = new Auto() });
        await using var watch = await RuleAlertWatch.StartAsync(platform, fixture.RabbitMqUri, rule);

        // Honduras, so the history starts on this test's first day whatever the other tests recorded elsewhere.
        var first = new DateOnly(2018, 1, 1);
        var spike = first.AddDays(374);
        var source = SampleReports.NewSource("fiscalia");
        await SubmitYearOfHomicidesAsync(platform, clients, source, first, days: 374, "HN-AT", perpetrator);
        await clients.SubmitAcceptedAsync([SampleReports.Homicide(source, "spike", spike, "HN-AT", victims: 25, perpetrator: perpetrator)]);

        var opened = await watch.WaitForAsync("an alert opened on the day of 25",
            e => e.Kind is AlertEventKind.Opened, s_timeout, () => platform.DescribeOutput("alerting"));
        Assert.Equal((spike, spike), (Dates.From(opened.Window.StartDate), Dates.From(opened.Window.EndDate)));
        Assert.Equal(25, opened.Observed);
        Assert.InRange(opened.Expected, 7.5, 10.5);
        // No alarm on the start of the data (the year's first weeks against years of zeros): the only alert is the spike's.
        await AssertOneAlertAsync(clients, watch, rule, opened.AlertId);
    }

    [SkippableFact]
    [RunOrder(4)]
    public async Task SubmitReports_QuietDayBetweenTwoSpikeDays_AutomaticRuleUpdatesOneAlert()
    {
        var (platform, clients) = await StartAsync();
        using var _ = clients;
        const string perpetrator = "clica-two-spikes";
        var rule = await CreateRuleAsync(clients, "live-auto-hold", Homicides("GT", perpetrator), new Detector { Auto = new Auto() });
        await using var watch = await RuleAlertWatch.StartAsync(platform, fixture.RabbitMqUri, rule);

        var first = new DateOnly(2019, 2, 1);
        var spike = first.AddDays(374);
        var source = SampleReports.NewSource("prensa");
        await SubmitYearOfHomicidesAsync(platform, clients, source, first, days: 374, "GT-01", perpetrator);
        await clients.SubmitAcceptedAsync([SampleReports.Homicide(source, "spike-1", spike, "GT-01", victims: 25, perpetrator: perpetrator)]);
        var opened = await watch.WaitForAsync("an alert opened on the first spike day",
            e => e.Kind is AlertEventKind.Opened, s_timeout, () => platform.DescribeOutput("alerting"));

        // The quiet day goes in on its own, as a desk would send it; alerting says nothing about a quiet day inside
        // the hold, so statistics counting it is as far as the test can see it. The in-process WaveLifecycleTests
        // pins that it is judged on its own.
        await clients.SubmitAcceptedAsync([SampleReports.Homicide(source, "quiet", spike.AddDays(1), "GT-01", victims: 9, perpetrator: perpetrator)]);
        await WaitUntilCountedAsync(platform, clients, perpetrator, spike.AddDays(1), spike.AddDays(1), 1);
        await clients.SubmitAcceptedAsync([SampleReports.Homicide(source, "spike-2", spike.AddDays(2), "GT-01", victims: 25, perpetrator: perpetrator)]);

        var updated = await watch.WaitForAsync("the same alert grown to the second spike day",
            e => e.AlertId == opened.AlertId && Dates.From(e.Window.EndDate) == spike.AddDays(2), s_timeout,
            () => platform.DescribeOutput("alerting"));
        Assert.Equal(AlertEventKind.Updated, updated.Kind);
        Assert.Equal(spike, Dates.From(updated.Window.StartDate));
        var alert = await AssertOneAlertAsync(clients, watch, rule, opened.AlertId);
        Assert.Equal(AlertState.Open, alert.State);
        Assert.All(watch.OnStream.Concat(watch.OnExchange), e => Assert.True(
            e.Kind is AlertEventKind.Opened or AlertEventKind.Updated, $"the quiet day split the wave: {e.Kind} {e.Resolution}"));
    }

    [SkippableFact]
    [RunOrder(5)]
    public async Task RetractIncident_EveryIncidentOfTheWave_ResolvesItAsWithdrawnOnStreamAndExchange()
    {
        var (platform, clients) = await StartAsync();
        using var _ = clients;
        const string perpetrator = "clica-retracted";
        var rule = await CreateRuleAsync(clients, "live-withdrawn", Relatives(perpetrator),
            new Detector { Threshold = new Threshold { Count = 3, WindowDays = 2 } });
        await using var watch = await RuleAlertWatch.StartAsync(platform, fixture.RabbitMqUri, rule);
        var day = new DateOnly(2021, 6, 11);
        var source = SampleReports.NewSource("diario");
        await clients.SubmitAcceptedAsync(
        [
            Relative(source, "a", day, "SV-SA", perpetrator, victims: 2),
            Relative(source, "b", day.AddDays(1), "SV-SA", perpetrator),
        ]);
        var opened = await watch.WaitForAsync("the wave opened with its three killings",
            e => e.Kind == AlertEventKind.Opened && e.Observed >= 3, s_timeout, () => platform.DescribeOutput("alerting"));
        Assert.Equal(2, opened.IncidentIds.Count);

        foreach (var incidentId in opened.IncidentIds)
        {
            await clients.Registry.RetractIncidentAsync(new RetractIncidentRequest { IncidentId = incidentId, Reason = "the desk withdrew the story" });
        }

        var resolved = await watch.WaitForAsync("the alert resolved as withdrawn",
            e => e.AlertId == opened.AlertId && e.Kind == AlertEventKind.Resolved, s_timeout, () => platform.DescribeOutput("registry", "alerting"));
        Assert.Equal(AlertResolution.Withdrawn, resolved.Resolution);
        var alert = await AssertOneAlertAsync(clients, watch, rule, opened.AlertId);
        Assert.Equal((AlertState.Resolved, AlertResolution.Withdrawn), (alert.State, alert.Resolution));
    }

    [SkippableFact]
    [RunOrder(6)]
    public async Task DeleteRule_WithAnOpenAlert_ResolvesItAsRuleDeletedOnStreamAndExchange()
    {
        var (platform, clients) = await StartAsync();
        using var _ = clients;
        const string perpetrator = "clica-rule-deleted";
        var rule = await CreateRuleAsync(clients, "live-deleted", Relatives(perpetrator),
            new Detector { Threshold = new Threshold { Count = 3, WindowDays = 2 } });
        await using var watch = await RuleAlertWatch.StartAsync(platform, fixture.RabbitMqUri, rule);
        var source = SampleReports.NewSource("diario");
        await clients.SubmitAcceptedAsync([Relative(source, "a", new DateOnly(2022, 6, 11), "SV-US", perpetrator, victims: 3)]);
        var opened = await watch.WaitForAsync("the alert opened",
            e => e.Kind == AlertEventKind.Opened, s_timeout, () => platform.DescribeOutput("alerting"));

        await clients.Alerting.DeleteRuleAsync(new DeleteRuleRequest { RuleId = rule.RuleId });

        var resolved = await watch.WaitForAsync("the alert resolved because its rule was deleted",
            e => e.AlertId == opened.AlertId && e.Kind == AlertEventKind.Resolved, s_timeout, () => platform.DescribeOutput("alerting"));
        Assert.Equal(AlertResolution.RuleDeleted, resolved.Resolution);
        var alert = (await clients.Alerting.GetAlertAsync(new GetAlertRequest { AlertId = opened.AlertId })).Alert;
        Assert.Equal((AlertState.Resolved, AlertResolution.RuleDeleted), (alert.State, alert.Resolution));
    }

    /// <summary>
    /// The registry records incidents on the platform's clock, so the delay is learned from days before today. That the
    /// alert is confirmed once the delay has passed is the next test's. Late in the class: it moves the data horizon to
    /// yesterday.
    /// </summary>
    [SkippableFact]
    [RunOrder(7)]
    public async Task SubmitReports_LateIncidentInsideTheReportingDelay_OpensAProvisionalAlertSayingTheDelay()
    {
        var (platform, clients) = await StartAsync();
        using var _ = clients;
        const string perpetrator = "clica-late";
        var rule = await CreateRuleAsync(clients, "live-provisional", Relatives(perpetrator),
            new Detector { Threshold = new Threshold { Count = 3, WindowDays = 2 } });
        await using var watch = await RuleAlertWatch.StartAsync(platform, fixture.RabbitMqUri, rule);

        var (today, opened) = await SubmitLateKillingsAsync(platform, clients, watch, "SV-CA", perpetrator);

        Assert.Equal(today.AddDays(-1), Dates.From(opened.Window.StartDate));
        Assert.Equal((true, 3), (opened.Provisional, opened.ReportingDelayDays));
        var published = Assert.Single(watch.OnExchange, e => e.EventId == opened.EventId);
        Assert.Equal((true, 3), (published.Provisional, published.ReportingDelayDays));
        var alert = await AssertOneAlertAsync(clients, watch, rule, opened.AlertId);
        Assert.Equal((true, 3), (alert.Provisional, alert.ReportingDelayDays));
    }

    /// <summary>
    /// Time, not a new incident, ends the reporting delay: alerting is restarted with its clock (libfaketime, see
    /// <see cref="FakedClock"/>) on the day the provisional alert's delay has passed, and confirms it. The test's calls
    /// carry a token valid across the jump (the platform's expires after 8 hours). Last in the class: alerting is left
    /// days ahead.
    /// </summary>
    [SkippableFact]
    [RunOrder(8)]
    public async Task RestartAlerting_ClockPastTheReportingDelayOfAProvisionalAlert_ConfirmsItOnStreamAndExchange()
    {
        var (platform, clients) = await StartAsync();
        using var _ = clients;
        FakedClock.Require();
        const string perpetrator = "clica-confirmed";
        var rule = await CreateRuleAsync(clients, "live-confirmed", Relatives(perpetrator),
            new Detector { Threshold = new Threshold { Count = 3, WindowDays = 2 } });
        var token = TestTokens.Issue(Scopes.All, lifetime: s_acrossTheClockJump);
        await using var watch = await RuleAlertWatch.StartAsync(platform, fixture.RabbitMqUri, rule, token);
        var (today, opened) = await SubmitLateKillingsAsync(platform, clients, watch, "SV-CU", perpetrator);
        Assert.True(opened.Provisional, "the alert on yesterday must open provisional for its confirmation to mean anything");
        var complete = Dates.From(opened.Window.EndDate).AddDays(opened.ReportingDelayDays);
        var daysAhead = complete.DayNumber - today.DayNumber;
        Assert.InRange(daysAhead, 1, s_acrossTheClockJump.Days - 1);

        await platform.StopAsync("alerting");
        await platform.StartAsync("alerting", FakedClock.DaysAhead(daysAhead));

        var confirmed = await watch.WaitForAsync("the alert confirmed by the restarted alerting",
            e => e.AlertId == opened.AlertId && e.Kind == AlertEventKind.Confirmed, s_timeout, () => platform.DescribeOutput("alerting"));
        Assert.False(confirmed.Provisional);
        // Emitted on alerting's clock: the jump, not the machine's day, confirmed it.
        Assert.True(DateOnly.FromDateTime(confirmed.EmittedAt.ToDateTime()) >= complete, $"confirmed at {confirmed.EmittedAt}, before {complete}");
        Assert.False(Assert.Single(watch.OnExchange, e => e.EventId == confirmed.EventId).Provisional);
        using var alertingChannel = platform.CreateChannel(platform.Alerting, token);
        var alert = (await new AlertingService.AlertingServiceClient(alertingChannel).GetAlertAsync(new GetAlertRequest { AlertId = opened.AlertId })).Alert;
        Assert.Equal((AlertState.Open, false), (alert.State, alert.Provisional));
        Assert.Single(watch.OnStream, e => e.Kind == AlertEventKind.Opened);
        Assert.Single(watch.OnStream, e => e.Kind == AlertEventKind.Confirmed);
    }

    private async Task<(PlatformProcesses Platform, PlatformClients Clients)> StartAsync()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var platform = await fixture.StartAsync();
        return (platform, new PlatformClients(platform));
    }

    private static async Task<Rule> CreateRuleAsync(PlatformClients clients, string ruleId, Selector selector, Detector detector) =>
        (await clients.Alerting.CreateRuleAsync(new CreateRuleRequest
        {
            Rule = new Rule
            {
                RuleId = ruleId,
                DisplayName = ruleId,
                Selector = selector,
                Measure = Measure.Victims,
                GroupBy = GroupBy.Country,
                Detector = detector,
                Labels = { ["case"] = ruleId },
                Enabled = true,
            },
        })).Rule;

    /// <summary>
    /// One killing recorded three days late, and three killed yesterday recorded today, in <paramref name="admin1"/>: the
    /// series' delay is three days, and yesterday is inside it. One submission, so alerting learns both delays before it
    /// judges yesterday. Returns today and the alert's OPENED event.
    /// </summary>
    private static async Task<(DateOnly Today, AlertEvent Opened)> SubmitLateKillingsAsync(
        PlatformProcesses platform, PlatformClients clients, RuleAlertWatch watch, string admin1, string perpetrator)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var source = SampleReports.NewSource("diario");
        var late = Relative(source, "yesterday", today.AddDays(-1), admin1, perpetrator, victims: 3);
        late.PublishedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow);
        await clients.SubmitAcceptedAsync([Relative(source, "three-days-ago", today.AddDays(-3), admin1, perpetrator), late]);
        var opened = await watch.WaitForAsync("a provisional alert opened on yesterday",
            e => e.Kind == AlertEventKind.Opened, s_timeout, () => platform.DescribeOutput("registry", "alerting"));
        return (today, opened);
    }

    private static Selector Relatives(string perpetrator) => new()
    {
        IncidentTypes = { IncidentType.Homicide },
        VictimCategories = { VictimCategory.SecurityForceRelative },
        Perpetrators = { perpetrator },
    };

    private static Selector Homicides(string country, string perpetrator) => new()
    {
        CountryCodes = { country },
        IncidentTypes = { IncidentType.Homicide },
        Perpetrators = { perpetrator },
    };


    /// <summary>
    /// A year of daily homicide reports averaging nine victims (seven to eleven), then waits until statistics counts
    /// them all: the day judged next must be judged against the whole year.
    /// </summary>
    private static async Task SubmitYearOfHomicidesAsync(
        PlatformProcesses platform, PlatformClients clients, string source, DateOnly first, int days, string admin1, string perpetrator)
    {
        await clients.SubmitAcceptedAsync([.. Enumerable.Range(0, days).Select(i => SampleReports.Homicide(
            source, $"day-{i}", first.AddDays(i), admin1, victims: 7 + (i * 7919 % 5), perpetrator: perpetrator))]);
        await WaitUntilCountedAsync(platform, clients, perpetrator, first, first.AddDays(days - 1), days);
    }

    private static async Task WaitUntilCountedAsync(
        PlatformProcesses platform, PlatformClients clients, string perpetrator, DateOnly from, DateOnly to, int incidents) =>
        await Eventually.ReachedAsync(
            $"statistics to count {incidents} incident(s) of {perpetrator} from {from} to {to}",
            () => clients.DailyIncidentCountsAsync(Dates.Period(from, to), new Selector { Perpetrators = { perpetrator } }),
            counts => counts.Values.Sum() >= incidents,
            s_timeout,
            counts => $"{counts.Values.Sum()} counted",
            () => platform.DescribeOutput("registry", "statistics"));

    /// <summary>
    /// The rule has exactly one alert, and every event of it on the stream and on the exchange is of that alert, opened
    /// once on each.
    /// </summary>
    private static async Task<Alert> AssertOneAlertAsync(PlatformClients clients, RuleAlertWatch watch, Rule rule, string alertId)
    {
        var alert = Assert.Single((await clients.Alerting.ListAlertsAsync(new ListAlertsRequest { RuleId = rule.RuleId, PageSize = 100 })).Alerts);
        Assert.Equal(alertId, alert.AlertId);
        Assert.All(watch.OnStream.Concat(watch.OnExchange), e => Assert.Equal(alertId, e.AlertId));
        Assert.Single(watch.OnStream, e => e.Kind == AlertEventKind.Opened);
        Assert.Single(watch.OnExchange, e => e.Kind == AlertEventKind.Opened);
        return alert;
    }
}
