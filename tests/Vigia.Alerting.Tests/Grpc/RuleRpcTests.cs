using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Vigia.Alerting.Rules;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Grpc;

/// <summary>Rule RPCs; the tests share one host and never change the rules another test reads.</summary>
public sealed class RuleRpcTests(RuleRpcTests.HostFixture fixture) : IClassFixture<RuleRpcTests.HostFixture>
{
    private readonly AlertingService.AlertingServiceClient _client = new(fixture.Host.Channel);

    [Fact]
    public async Task ListRules_FreshService_IncludesTheEnabledDefaultRule()
    {
        var response = await _client.ListRulesAsync(new ListRulesRequest());

        var rule = Assert.Single(response.Rules, r => r.RuleId == DefaultRules.SecurityForceRelativesKilledId);
        Assert.True(rule.Enabled);
        Assert.Equal(3, rule.Detector.Threshold.Count);
        Assert.Equal(2, rule.Detector.Threshold.WindowDays);
        Assert.Equal([VictimCategory.SecurityForceRelative], rule.Selector.VictimCategories);
        Assert.Equal(Measure.Victims, rule.Measure);
        Assert.Equal(GroupBy.Country, rule.GroupBy);
        Assert.Equal(Severity.High, rule.Severity);
    }

    [Fact]
    public async Task CreateRule_WithoutId_GeneratesOneAndListsIt()
    {
        var created = (await _client.CreateRuleAsync(new CreateRuleRequest { Rule = HomicidesPerDepartment() })).Rule;

        Assert.NotEmpty(created.RuleId);
        Assert.NotNull(created.CreateTime);
        Assert.Equal(created, (await _client.GetRuleAsync(new GetRuleRequest { RuleId = created.RuleId })).Rule);
        var listed = await _client.ListRulesAsync(new ListRulesRequest { PageSize = 1 });
        Assert.Single(listed.Rules);
        Assert.NotEmpty(listed.NextPageToken);
        var second = await _client.ListRulesAsync(new ListRulesRequest { PageSize = 1, PageToken = listed.NextPageToken });
        Assert.NotEqual(listed.Rules[0].RuleId, Assert.Single(second.Rules).RuleId);
    }

    [Fact]
    public async Task CreateRule_TakenSlug_AlreadyExists()
    {
        var rule = HomicidesPerDepartment();
        rule.RuleId = "homicides-per-department";
        await _client.CreateRuleAsync(new CreateRuleRequest { Rule = rule });

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.CreateRuleAsync(new CreateRuleRequest { Rule = rule }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task CreateRule_UnknownMeasureGroupingAndSeverity_InvalidArgumentNamingEach()
    {
        var rule = HomicidesPerDepartment();
        rule.Measure = (Measure)99;
        rule.GroupBy = (GroupBy)42;
        rule.Severity = (Severity)7;

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.CreateRuleAsync(new CreateRuleRequest { Rule = rule }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["rule.group_by", "rule.measure", "rule.severity"],
            error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateRule_InvalidThreshold_InvalidArgumentListingEveryViolation()
    {
        var rule = new Rule { Detector = new Detector { Threshold = new Threshold { Count = 0, WindowDays = 0 } } };

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.CreateRuleAsync(new CreateRuleRequest { Rule = rule }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()!.GetDetail<BadRequest>();
        Assert.Equal(
            ["rule.display_name", "rule.detector.threshold.count", "rule.detector.threshold.window_days"],
            badRequest.FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task UpdateRule_MaskedFields_ChangesOnlyThose()
    {
        var created = (await _client.CreateRuleAsync(new CreateRuleRequest { Rule = HomicidesPerDepartment() })).Rule;
        var changes = new Rule { RuleId = created.RuleId, Enabled = false, DisplayName = "ignored" };

        var updated = (await _client.UpdateRuleAsync(new UpdateRuleRequest
        {
            Rule = changes,
            UpdateMask = new FieldMask { Paths = { "enabled" } },
        })).Rule;

        Assert.False(updated.Enabled);
        Assert.Equal(created.DisplayName, updated.DisplayName);
        Assert.True(updated.UpdateTime.ToDateTime() >= created.UpdateTime.ToDateTime());
        Assert.False((await _client.GetRuleAsync(new GetRuleRequest { RuleId = updated.RuleId })).Rule.Enabled);
    }

    [Fact]
    public async Task DeleteRule_Existing_GetAnswersNotFound()
    {
        var created = (await _client.CreateRuleAsync(new CreateRuleRequest { Rule = HomicidesPerDepartment() })).Rule;

        await _client.DeleteRuleAsync(new DeleteRuleRequest { RuleId = created.RuleId });

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.GetRuleAsync(new GetRuleRequest { RuleId = created.RuleId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private static Rule HomicidesPerDepartment() => new()
    {
        DisplayName = "Homicide spikes per department",
        Selector = new Selector { CountryCodes = { "SV" }, IncidentTypes = { IncidentType.Homicide } },
        Measure = Measure.Incidents,
        GroupBy = GroupBy.Admin1,
        Detector = new Detector { Ears = new Ears { Variant = EarsVariant.C2 } },
        Enabled = true,
    };

    public sealed class HostFixture : IAsyncLifetime
    {
        public InMemoryServiceHost Host { get; private set; } = null!;

        public async Task InitializeAsync() => Host = await AlertingHost.StartAsync();

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}
