using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.V1;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Waves;

/// <summary>A wave's life on the live path (statistics, alerting, PostgreSQL): hold, withdrawal, the end of its rule.</summary>
public sealed class WaveLifecycleTests : IAsyncLifetime
{
    private static readonly DateOnly s_first = new(2023, 1, 1);
    private static readonly DateOnly s_june11 = new(2017, 6, 11);

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

    [SkippableFact]
    public async Task SeriesChanged_QuietDayBetweenTwoSpikeDays_LeavesOneAlert()
    {
        await StartAsync();
        var spike = s_first.AddDays(365 + 9);
        await _host.PublishBatchAsync(AlertingHost.YearOfHomicides(s_first));
        await _host.PublishBatchAsync([.. AlertingHost.YearOfHomicides(s_first.AddDays(365), days: 9), AlertingHost.Homicides(spike, victims: 25)]);
        await _host.PublishBatchAsync(AlertingHost.Homicides(spike.AddDays(1), victims: 9));
        await _host.PublishBatchAsync(AlertingHost.Homicides(spike.AddDays(2), victims: 25));

        var alert = Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest { RuleId = DefaultRules.NationalHomicidesId })).Alerts);
        Assert.Equal(AlertState.Open, alert.State);
        Assert.Equal((spike, spike.AddDays(2)), (ProtoDates.ToDateOnly(alert.Window.StartDate), ProtoDates.ToDateOnly(alert.Window.EndDate)));
        Assert.Equal(["opened", "updated"], await KindsAsync(alert.AlertId));
    }

    [SkippableTheory]
    [InlineData(AlertResolution.RuleDeleted)]
    [InlineData(AlertResolution.RuleDisabled)]
    public async Task DeleteOrDisableRule_WithAnOpenAlert_ResolvesItSayingWhy(AlertResolution resolution)
    {
        await StartAsync();
        await _host.PublishAsync(AlertingHost.RelativesKilled(s_june11, victims: 3));
        var open = Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest { State = AlertState.Open })).Alerts);

        if (resolution == AlertResolution.RuleDeleted)
        {
            await _client.DeleteRuleAsync(new DeleteRuleRequest { RuleId = open.RuleId });
        }
        else
        {
            await _client.UpdateRuleAsync(new UpdateRuleRequest
            {
                Rule = new Rule { RuleId = open.RuleId, Enabled = false },
                UpdateMask = new FieldMask { Paths = { "enabled" } },
            });
        }

        var resolved = (await _client.GetAlertAsync(new GetAlertRequest { AlertId = open.AlertId })).Alert;
        Assert.Equal((AlertState.Resolved, resolution), (resolved.State, resolved.Resolution));
        Assert.NotNull(resolved.ResolveTime);
        Assert.Equal(["opened", "resolved"], await KindsAsync(open.AlertId));
        Assert.Empty((await _client.ListAlertsAsync(new ListAlertsRequest { State = AlertState.Open })).Alerts);
    }

    [SkippableFact]
    public async Task SeriesChanged_EveryIncidentOfTheWaveRetracted_ResolvesItAsWithdrawnAndTellsSubscribers()
    {
        await StartAsync();
        var incidents = new[] { AlertingHost.RelativesKilled(s_june11, victims: 2), AlertingHost.RelativesKilled(s_june11.AddDays(1)) };
        await _host.PublishAsync(incidents);
        var open = Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest { State = AlertState.Open })).Alerts);

        await _host.PublishAsync([.. incidents.Select(i => i with { Version = 2, Retracted = true })]);

        var resolved = (await _client.GetAlertAsync(new GetAlertRequest { AlertId = open.AlertId })).Alert;
        Assert.Equal((AlertState.Resolved, AlertResolution.Withdrawn), (resolved.State, resolved.Resolution));
        var events = await _host.WithDbAsync(db => db.AlertEvents.Where(e => e.AlertId == open.AlertId).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(["opened", "resolved"], events.Select(e => e.Kind));
        Assert.False(events[1].Suppressed);
        Assert.Equal(AlertResolution.Withdrawn, events[1].ToEvent().Resolution);
    }

    private async Task StartAsync()
    {
        _host = await AlertingHost.StartOnPostgresAsync();
        _client = new AlertingService.AlertingServiceClient(_host.Channel);
    }

    private Task<List<string>> KindsAsync(string alertId) =>
        _host.WithDbAsync(db => db.AlertEvents.Where(e => e.AlertId == alertId).OrderBy(e => e.Sequence).Select(e => e.Kind).ToListAsync());
}
