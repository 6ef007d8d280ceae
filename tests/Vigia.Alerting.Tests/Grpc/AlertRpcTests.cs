using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Delivery;
using Vigia.Alerting.Grpc;
using Vigia.Alerting.Rules;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.ServiceDefaults.Auth;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Grpc;

/// <summary>June 11–12 2017: three relatives of security forces killed in under 48 hours, end to end through statistics.</summary>
public sealed class AlertRpcTests : IAsyncLifetime
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);
    private static readonly DateOnly s_june12 = new(2017, 6, 12);
    private static readonly DateOnly s_june13 = new(2017, 6, 13);

    private InMemoryServiceHost _host = null!;
    private AlertingService.AlertingServiceClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await AlertingHost.StartAsync();
        _client = new AlertingService.AlertingServiceClient(_host.Channel);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>The free-text header that once named the actor; the token's subject must win over it.</summary>
    private static Metadata ClaimsToBeSomeoneElse() => new() { { "x-vigia-actor", "someone-else" } };

    private static Timestamp InOneDay() => Timestamp.FromDateTime(DateTime.UtcNow.AddDays(1));

    /// <summary>A client whose token (every scope) names <paramref name="subject"/>.</summary>
    private AlertingService.AlertingServiceClient ClientActingAs(string subject) =>
        new(_host.CreateChannel(TestTokens.Issue(Scopes.All, subject)));

    [Fact]
    public async Task SubscribeAlerts_ThreeKillingsArrivingSeparately_StreamsExactlyOneOpened()
    {
        using var cancel = new CancellationTokenSource(AlertingHost.Timeout);
        using var call = await SubscribeAsync(new SubscribeAlertsRequest
        {
            Selector = new Selector { CountryCodes = { "SV" } },
            MinSeverity = Severity.Medium,
            Labels = { ["team"] = "security" },
        }, cancel.Token);

        await _host.PublishAsync(
            AlertingHost.RelativesKilled(s_june12),
            AlertingHost.RelativesKilled(s_june11),
            AlertingHost.RelativesKilled(s_june11));

        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        var opened = call.ResponseStream.Current.Event;
        Assert.Equal(AlertEventKind.Opened, opened.Kind);
        Assert.Equal(DefaultRules.SecurityForceRelativesKilledId, opened.RuleId);
        Assert.Equal(["SV"], opened.Series.CountryCodes);
        Assert.Equal(new DateOnly(2017, 6, 11), ProtoDates.ToDateOnly(opened.Window.StartDate));
        Assert.Equal(new DateOnly(2017, 6, 12), ProtoDates.ToDateOnly(opened.Window.EndDate));
        Assert.Equal(3, opened.Observed);
        Assert.Equal(Severity.High, opened.Severity);
        Assert.Equal(3, opened.IncidentIds.Count);
        Assert.Equal(1, await _host.WithDbAsync(db => db.AlertEvents.CountAsync()));

        var alert = Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest { State = AlertState.Open })).Alerts);
        Assert.Equal(opened.AlertId, alert.AlertId);
    }

    [Fact]
    public async Task SubscribeAlerts_ResumeAfterTheOpened_ReplaysTheUpdateThenGoesLive()
    {
        await _host.PublishAsync(
            AlertingHost.RelativesKilled(s_june11, victims: 2),
            AlertingHost.RelativesKilled(s_june12),
            AlertingHost.RelativesKilled(s_june13));
        var stored = await _host.WithDbAsync(db => db.AlertEvents.OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(["opened", "updated"], stored.Select(e => e.Kind));

        using var cancel = new CancellationTokenSource(AlertingHost.Timeout);
        using var call = await SubscribeAsync(new SubscribeAlertsRequest { ResumeAfter = stored[0].EventId }, cancel.Token);

        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        var updated = call.ResponseStream.Current.Event;
        Assert.Equal(stored[1].EventId, updated.EventId);
        Assert.Equal(AlertEventKind.Updated, updated.Kind);
        Assert.Equal(stored[0].AlertId, updated.AlertId);
        Assert.Equal(4, updated.Observed);

        // Live after the replay: data past June 14 ends the wave.
        await _host.PublishAsync(AlertingHost.RelativesKilled(new DateOnly(2017, 6, 20)));
        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        var resolved = call.ResponseStream.Current.Event;
        Assert.Equal(AlertEventKind.Resolved, resolved.Kind);
        Assert.Equal(stored[0].AlertId, resolved.AlertId);
    }

    [Fact]
    public async Task CreateSilence_MatchingSeries_RecordsTheAlertButHoldsBackItsEvent()
    {
        await ClientActingAs("ana").CreateSilenceAsync(new CreateSilenceRequest
        {
            Silence = new Silence { Selector = new Selector { CountryCodes = { "SV" } }, Comment = "known wave", EndTime = InOneDay() },
        }, ClaimsToBeSomeoneElse());

        await _host.PublishAsync(AlertingHost.RelativesKilled(s_june11, victims: 3));

        Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest())).Alerts);
        var stored = Assert.Single(await _host.WithDbAsync(db => db.AlertEvents.ToListAsync()));
        Assert.True(stored.Suppressed);
        var silence = Assert.Single((await _client.ListSilencesAsync(new ListSilencesRequest())).Silences);
        Assert.Equal("ana", silence.CreatedBy);
    }

    [Fact]
    public async Task AcknowledgeAlert_WithSomeoneElseInActorHeader_RecordsTheTokenSubject()
    {
        await _host.PublishAsync(AlertingHost.RelativesKilled(s_june11, victims: 3));
        var alert = Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest())).Alerts);

        var acknowledged = (await ClientActingAs("security-desk").AcknowledgeAlertAsync(
            new AcknowledgeAlertRequest { AlertId = alert.AlertId },
            ClaimsToBeSomeoneElse())).Alert;

        Assert.True(acknowledged.Acknowledged);
        Assert.Equal("security-desk", acknowledged.AcknowledgedBy);
        Assert.True((await _client.GetAlertAsync(new GetAlertRequest { AlertId = alert.AlertId })).Alert.Acknowledged);
    }

    [Fact]
    public async Task AcknowledgeAlert_WithAComment_KeepsCommentTimeAndWhoAndListsItAsAnEvent()
    {
        await _host.PublishAsync(AlertingHost.RelativesKilled(s_june11, victims: 3));
        var alert = Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest())).Alerts);

        var acknowledged = (await ClientActingAs("security-desk").AcknowledgeAlertAsync(
            new AcknowledgeAlertRequest { AlertId = alert.AlertId, Comment = "  Confirmed with the police; team sent.  " })).Alert;

        Assert.Equal(("security-desk", "Confirmed with the police; team sent."), (acknowledged.AcknowledgedBy, acknowledged.AcknowledgeComment));
        Assert.NotNull(acknowledged.AcknowledgeTime);
        Assert.Equal(acknowledged, (await _client.GetAlertAsync(new GetAlertRequest { AlertId = alert.AlertId })).Alert);
        var events = (await _client.ListAlertEventsAsync(new ListAlertEventsRequest { AlertId = alert.AlertId })).Events;
        Assert.Equal([AlertEventKind.Opened, AlertEventKind.Acknowledged], events.Select(e => e.Kind));
        Assert.Equal(("security-desk", "Confirmed with the police; team sent."), (events[1].Actor, events[1].Comment));
    }

    [Fact]
    public async Task AcknowledgeAlert_CommentWithAControlCharacter_InvalidArgumentNamingComment()
    {
        await _host.PublishAsync(AlertingHost.RelativesKilled(s_june11, victims: 3));
        var alert = Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest())).Alerts);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alert.AlertId, Comment = "bad\0byte" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("comment", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task ListAlertEvents_UnknownAlert_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.ListAlertEventsAsync(new ListAlertEventsRequest { AlertId = "no-such-alert" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task ListAlerts_ByPeriodPlaceSeverityRuleAndState_ReturnsOnlyTheAlertsThatMatchEach()
    {
        await _client.CreateRuleAsync(new CreateRuleRequest
        {
            Rule = new Rule
            {
                RuleId = "relatives-by-department",
                DisplayName = "A relative of security forces killed, per department",
                Selector = new Selector { VictimCategories = { VictimCategory.SecurityForceRelative } },
                Measure = Measure.Victims,
                GroupBy = GroupBy.Admin1,
                Detector = new Detector { Threshold = new Threshold { Count = 1, WindowDays = 1 } },
                Enabled = true,
                Severity = Severity.Low,
            },
        });
        var august = new DateOnly(2017, 8, 1);
        await _host.PublishAsync(
            AlertingHost.RelativesKilled(s_june11, victims: 3),
            AlertingHost.RelativesKilled(august) with { Admin1 = "SV-SS" });

        async Task<List<string>> ListAsync(ListAlertsRequest request) =>
            [.. (await _client.ListAlertsAsync(request)).Alerts.Select(a => $"{a.RuleId} {string.Join("+", a.Series.Admin1.Count > 0 ? a.Series.Admin1 : a.Series.CountryCodes)}").Order(StringComparer.Ordinal)];

        Assert.Equal(["relatives-by-department SV-SM", "security-force-relatives-killed SV"],
            await ListAsync(new ListAlertsRequest { Period = ProtoDates.ToPeriod(new DateOnly(2017, 6, 1), new DateOnly(2017, 6, 30)) }));
        Assert.Equal(["relatives-by-department SV-SS"], await ListAsync(new ListAlertsRequest { Selector = new Selector { Admin1 = { "SV-SS" } } }));
        Assert.Equal(["security-force-relatives-killed SV"], await ListAsync(new ListAlertsRequest { MinSeverity = Severity.High }));
        Assert.Equal(["relatives-by-department SV-SM", "relatives-by-department SV-SS"], await ListAsync(new ListAlertsRequest { RuleId = "relatives-by-department" }));
        // August's data ended both June waves.
        Assert.Equal(["relatives-by-department SV-SS"], await ListAsync(new ListAlertsRequest { State = AlertState.Open }));
    }

    [Fact]
    public async Task ListAlerts_PeriodEndingBeforeItStartsAndUnknownSeverity_InvalidArgumentNamingBoth()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.ListAlertsAsync(new ListAlertsRequest
        {
            Period = ProtoDates.ToPeriod(new DateOnly(2017, 6, 30), new DateOnly(2017, 6, 1)),
            MinSeverity = (Severity)9,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["min_severity", "period"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateRuleAndUpdateRule_WithSomeoneElseInActorHeader_RecordTheTokenSubjects()
    {
        var created = (await ClientActingAs("rules-admin").CreateRuleAsync(new CreateRuleRequest
        {
            Rule = new Rule
            {
                DisplayName = "Two homicides in a day",
                Detector = new Detector { Threshold = new Threshold { Count = 2, WindowDays = 1 } },
                CreatedBy = "forged",
            },
        }, ClaimsToBeSomeoneElse())).Rule;
        var updated = (await ClientActingAs("other-admin").UpdateRuleAsync(new UpdateRuleRequest
        {
            Rule = new Rule { RuleId = created.RuleId, Enabled = false },
            UpdateMask = new FieldMask { Paths = { "enabled" } },
        }, ClaimsToBeSomeoneElse())).Rule;

        Assert.Equal(("rules-admin", "rules-admin"), (created.CreatedBy, created.UpdatedBy));
        var stored = (await _client.GetRuleAsync(new GetRuleRequest { RuleId = created.RuleId })).Rule;
        Assert.Equal(("rules-admin", "other-admin"), (stored.CreatedBy, stored.UpdatedBy));
        Assert.Equal(updated, stored);
    }

    [Fact]
    public async Task CreateSilence_WithoutEndTimeOrMatcher_InvalidArgumentNamingBoth()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.CreateSilenceAsync(new CreateSilenceRequest { Silence = new Silence { Comment = "mute everything" } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["silence.end_time", "silence.selector"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Empty((await _client.ListSilencesAsync(new ListSilencesRequest())).Silences);
    }

    [Fact]
    public async Task CreateSilence_EndingAfterTheConfiguredMaximum_InvalidArgument()
    {
        // The default maximum is 30 days.
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.CreateSilenceAsync(new CreateSilenceRequest
        {
            Silence = new Silence
            {
                RuleId = DefaultRules.SecurityForceRelativesKilledId,
                EndTime = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(31)),
            },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("silence.end_time", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task BacktestRule_June2017_OpensAndResolvesOneWaveWithoutStoringIt()
    {
        await _client.UpdateRuleAsync(new UpdateRuleRequest
        {
            Rule = new Rule { RuleId = DefaultRules.SecurityForceRelativesKilledId, Enabled = false },
            UpdateMask = new FieldMask { Paths = { "enabled" } },
        });
        await _host.PublishAsync(
            AlertingHost.RelativesKilled(s_june11, victims: 2),
            AlertingHost.RelativesKilled(s_june12));

        var response = await _client.BacktestRuleAsync(new BacktestRuleRequest
        {
            RuleId = DefaultRules.SecurityForceRelativesKilledId,
            Period = ProtoDates.ToPeriod(new DateOnly(2017, 6, 1), new DateOnly(2017, 6, 30)),
        });

        Assert.Equal([AlertEventKind.Opened, AlertEventKind.Resolved], response.Events.Select(e => e.Kind));
        Assert.Equal(3, response.Events[0].Observed);
        Assert.Equal(["SV"], response.Events[0].Series.CountryCodes);
        Assert.Equal(0, await _host.WithDbAsync(db => db.AlertEvents.CountAsync()));
    }

    /// <summary>Starts a subscription and waits until the server has joined the live feed.</summary>
    private async Task<AsyncServerStreamingCall<SubscribeAlertsResponse>> SubscribeAsync(SubscribeAlertsRequest request, CancellationToken ct)
    {
        var feed = _host.GetRequiredService<AlertFeed>();
        var before = feed.SubscriberCount;
        var call = _client.SubscribeAlerts(request, cancellationToken: ct);
        await AlertingHost.WaitUntilAsync(() => Task.FromResult(feed.SubscriberCount > before));
        return call;
    }
}
