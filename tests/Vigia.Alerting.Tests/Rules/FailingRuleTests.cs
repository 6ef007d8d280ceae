using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Rules;

/// <summary>
/// A rule that fails at evaluation, in ways validation cannot catch (its stored row damaged in the database),
/// fails alone: it is marked failing, and the June 2017 wave still alerts from the default rule. On PostgreSQL,
/// where a failed statement aborts the transaction unless the rule's savepoint is rolled back.
/// </summary>
public sealed class FailingRuleTests : IAsyncLifetime
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);
    private static readonly DateOnly s_june12 = new(2017, 6, 12);

    private InMemoryServiceHost _host = null!;
    private AlertingService.AlertingServiceClient _client = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Null when the test skipped before starting it.
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>Starts the host on PostgreSQL; in the test itself, so a missing server skips the test.</summary>
    private async Task StartAsync()
    {
        _host = await AlertingHost.StartOnPostgresAsync();
        _client = new AlertingService.AlertingServiceClient(_host.Channel);
    }

    [SkippableFact]
    public async Task SeriesChanged_RuleWhoseStoredRowIsNotARule_MarkedFailingWhileTheDefaultRuleStillAlerts()
    {
        await StartAsync();
        await CreateRuleAsync("one-homicide-a-day", new Detector { Threshold = new Threshold { Count = 1, WindowDays = 1 } });
        // Sorts before the default rule, so it fails first in the batch.
        await _host.WithDbAsync(db => db.Rules.Where(r => r.RuleId == "one-homicide-a-day")
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Body, new byte[] { 0xff, 0xff, 0xff })));

        await _host.PublishAsync(
            AlertingHost.RelativesKilled(s_june11, victims: 2),
            AlertingHost.RelativesKilled(s_june12));

        var alert = Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest())).Alerts);
        Assert.Equal(DefaultRules.SecurityForceRelativesKilledId, alert.RuleId);
        Assert.Equal(3, alert.Observed);
        var failing = (await _client.GetRuleAsync(new GetRuleRequest { RuleId = "one-homicide-a-day" })).Rule;
        Assert.StartsWith(nameof(InvalidProtocolBufferException), failing.FailingReason, StringComparison.Ordinal);
        Assert.NotNull(failing.FailingSince);
        Assert.True(failing.NextRetryTime.ToDateTime() > failing.FailingSince.ToDateTime(), "the failing rule has no later retry time");
        var listed = (await _client.ListRulesAsync(new ListRulesRequest())).Rules;
        Assert.Equal(failing.FailingReason, Assert.Single(listed, r => r.RuleId == "one-homicide-a-day").FailingReason);
        Assert.Empty(Assert.Single(listed, r => r.RuleId == DefaultRules.SecurityForceRelativesKilledId).FailingReason);
    }

    [SkippableFact]
    public async Task UpdateRule_FailingRuleRepaired_NextBatchJudgesTheDaysItSkipped()
    {
        await StartAsync();
        await CreateRuleAsync("two-relatives-a-day", new Detector { Threshold = new Threshold { Count = 2, WindowDays = 1 } });
        // A detector the validator would refuse (a threshold of 0), written past it: the detector throws for it.
        var broken = (await _client.GetRuleAsync(new GetRuleRequest { RuleId = "two-relatives-a-day" })).Rule;
        broken.Detector.Threshold.Count = 0;
        await _host.WithDbAsync(db => db.Rules.Where(r => r.RuleId == "two-relatives-a-day")
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Body, broken.ToByteArray())));

        await _host.PublishAsync(AlertingHost.RelativesKilled(s_june11, victims: 2));
        var failing = (await _client.GetRuleAsync(new GetRuleRequest { RuleId = "two-relatives-a-day" })).Rule;
        Assert.Contains("count", failing.FailingReason, StringComparison.Ordinal);
        Assert.DoesNotContain((await _client.ListAlertsAsync(new ListAlertsRequest())).Alerts, a => a.RuleId == "two-relatives-a-day");

        await _client.UpdateRuleAsync(new UpdateRuleRequest
        {
            Rule = new Rule { RuleId = "two-relatives-a-day", Detector = new Detector { Threshold = new Threshold { Count = 2, WindowDays = 1 } } },
            UpdateMask = new FieldMask { Paths = { "detector" } },
        });
        await _host.PublishAsync(AlertingHost.RelativesKilled(s_june12));

        var repaired = (await _client.GetRuleAsync(new GetRuleRequest { RuleId = "two-relatives-a-day" })).Rule;
        Assert.Empty(repaired.FailingReason);
        Assert.Null(repaired.FailingSince);
        var alert = Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest())).Alerts, a => a.RuleId == "two-relatives-a-day");
        Assert.Equal(s_june11, ProtoDates.ToDateOnly(alert.Window.StartDate));
        Assert.Equal(2, alert.Observed);
    }

    private Task<CreateRuleResponse> CreateRuleAsync(string ruleId, Detector detector) => _client.CreateRuleAsync(new CreateRuleRequest
    {
        Rule = new Rule
        {
            RuleId = ruleId,
            DisplayName = ruleId,
            Selector = new Selector { IncidentTypes = { IncidentType.Homicide }, VictimCategories = { VictimCategory.SecurityForceRelative } },
            Measure = Measure.Victims,
            GroupBy = GroupBy.Country,
            Detector = detector,
            Enabled = true,
        },
    }).ResponseAsync;
}
