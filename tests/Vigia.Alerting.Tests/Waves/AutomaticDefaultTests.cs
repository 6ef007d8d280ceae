using Vigia.Alerting.Rules;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.V1;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Waves;

/// <summary>
/// The automatic default on the live path (statistics, alerting, PostgreSQL): statistics answers zeros for the
/// years before the data, which must not count as history.
/// </summary>
public sealed class AutomaticDefaultTests : IAsyncLifetime
{
    private static readonly DateOnly s_first = new(2023, 1, 1);
    private static readonly DateOnly s_spike = new(2024, 1, 10);

    private InMemoryServiceHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task SeriesChanged_YearOfNinePerDayThen25_NationalRuleRaisesOneAlertOnThatDayExpectingAboutNine()
    {
        _host = await AlertingHost.StartOnPostgresAsync();
        var client = new AlertingService.AlertingServiceClient(_host.Channel);

        await _host.PublishBatchAsync(AlertingHost.YearOfHomicides(s_first));
        var early = await NationalAlertsAsync(client);
        await _host.PublishBatchAsync(
            [.. AlertingHost.YearOfHomicides(s_first.AddDays(365), days: 9), AlertingHost.Homicides(s_spike, victims: 25)]);

        Assert.Empty(early);
        var alert = Assert.Single(await NationalAlertsAsync(client));
        Assert.Equal((s_spike, s_spike), (ProtoDates.ToDateOnly(alert.Window.StartDate), ProtoDates.ToDateOnly(alert.Window.EndDate)));
        Assert.Equal(25, alert.Observed);
        Assert.InRange(alert.Expected, 7.5, 10.5);
        Assert.Equal("SV", Assert.Single(alert.Series.CountryCodes));
    }

    private static async Task<IReadOnlyList<Alert>> NationalAlertsAsync(AlertingService.AlertingServiceClient client) =>
        (await client.ListAlertsAsync(new ListAlertsRequest { RuleId = DefaultRules.NationalHomicidesId })).Alerts;
}
