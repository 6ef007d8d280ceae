using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.V1;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Grpc;

/// <summary>The same wave on PostgreSQL, where alerting runs in production: every query must translate there too.</summary>
public sealed class PostgresAlertingTests
{
    [SkippableFact]
    public async Task SeriesChanged_OnPostgres_OpensUpdatesAndListsOneAlert()
    {
        TestServers.RequirePostgres();
        var connectionString = await TestServers.CreateDatabaseAsync("alerting");
        await using var host = await AlertingHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = connectionString });
        var client = new AlertingService.AlertingServiceClient(host.Channel);

        await host.PublishAsync(
            AlertingHost.RelativesKilled(new DateOnly(2017, 6, 12)),
            AlertingHost.RelativesKilled(new DateOnly(2017, 6, 11), victims: 2),
            AlertingHost.RelativesKilled(new DateOnly(2017, 6, 13)));

        var kinds = await host.WithDbAsync(db => db.AlertEvents.OrderBy(e => e.Sequence).Select(e => e.Kind).ToListAsync());
        Assert.Equal(["opened", "updated"], kinds);
        var alert = Assert.Single((await client.ListAlertsAsync(new ListAlertsRequest { State = AlertState.Open, PageSize = 10 })).Alerts);
        Assert.Equal(4, alert.Observed);
        Assert.Equal(3, alert.IncidentIds.Count);
        Assert.NotEmpty((await client.ListRulesAsync(new ListRulesRequest { PageToken = PageTokens.Encode("a") })).Rules);
    }

    // Found by the fuzz suite: PostgreSQL refuses a NUL even in a look-up, so these keys are checked before it.
    [SkippableFact]
    public async Task UpdateRuleAndCreateSilence_NulInRuleIdOnPostgres_InvalidArgumentNamingIt()
    {
        await using var host = await AlertingHost.StartOnPostgresAsync();
        var client = new AlertingService.AlertingServiceClient(host.Channel);
        var rule = (await client.ListRulesAsync(new ListRulesRequest())).Rules[0];
        rule.RuleId = "fuzz\0rule";

        var update = await Assert.ThrowsAsync<RpcException>(() => client.UpdateRuleAsync(new UpdateRuleRequest { Rule = rule }).ResponseAsync);
        var silence = await Assert.ThrowsAsync<RpcException>(() => client.CreateSilenceAsync(new CreateSilenceRequest
        {
            Silence = new Silence { RuleId = "fuzz\0rule", EndTime = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(1)) },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, update.StatusCode);
        Assert.Equal("rule.rule_id", Assert.Single(update.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal(StatusCode.InvalidArgument, silence.StatusCode);
        Assert.Equal("silence.rule_id", Assert.Single(silence.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }
}
