using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.V1;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Waves;

/// <summary>
/// Late data on the live path (statistics, alerting, PostgreSQL), on the platform's clock driven by the test: a
/// series learns how late its incidents are recorded, an alert raised on days still inside that delay is provisional,
/// and it is confirmed once the delay has passed.
/// </summary>
public sealed class LateDataTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private InMemoryServiceHost _host = null!;

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
    public async Task SeriesChanged_LateIncidentInsideTheReportingDelay_RaisesAProvisionalAlertConfirmedOnceTheDelayHasPassed()
    {
        _host = await AlertingHost.StartOnPostgresAsync(_time);
        var client = new AlertingService.AlertingServiceClient(_host.Channel);
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

        // The desks record killings of relatives three days after they happen: single ones, weeks apart, no alarm.
        await _host.PublishAsync([.. Enumerable.Range(0, 5).Select(week => today.AddDays(-60 + (7 * week))).Select(day =>
            AlertingHost.RelativesKilled(day) with { RecordedAt = day.AddDays(3).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc) })]);
        Assert.Empty((await client.ListAlertsAsync(new ListAlertsRequest { RuleId = DefaultRules.SecurityForceRelativesKilledId })).Alerts);

        // Three killed yesterday, recorded today: inside the delay.
        await _host.PublishAsync(AlertingHost.RelativesKilled(today.AddDays(-1), victims: 3) with { RecordedAt = _time.GetUtcNow().UtcDateTime });

        var alert = Assert.Single((await client.ListAlertsAsync(new ListAlertsRequest { RuleId = DefaultRules.SecurityForceRelativesKilledId })).Alerts);
        Assert.True(alert.Provisional, $"the alert rests on yesterday, inside a 3-day delay, but is not provisional: {alert}");
        Assert.Equal(3, alert.ReportingDelayDays);
        var opened = Assert.Single(await EventsAsync(alert.AlertId));
        Assert.Equal((AlertEventKind.Opened, true), (opened.Kind, opened.Provisional));

        // One day on, yesterday is still inside the delay.
        _time.Advance(TimeSpan.FromDays(1));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(await EventsAsync(alert.AlertId));

        // Three days after yesterday the delay has passed.
        _time.Advance(TimeSpan.FromDays(1));
        await AlertingHost.WaitUntilAsync(async () => (await EventsAsync(alert.AlertId)).Count == 2);

        var confirmed = (await EventsAsync(alert.AlertId))[1];
        Assert.Equal((AlertEventKind.Confirmed, false, AlertState.Open), (confirmed.Kind, confirmed.Provisional, (await AlertAsync(alert.AlertId)).State));
        Assert.False((await AlertAsync(alert.AlertId)).Provisional);
    }

    /// <summary>
    /// What the load tool's run shows (docs/live-path.md): waves recorded all at once, today, teach the series a delay of
    /// weeks from the ones of the last 60 days, so a wave eighteen days after another finds every day between them still
    /// incomplete and joins the alert open before it; recorded the day after they happen, the same waves raise an alert
    /// each.
    /// </summary>
    [SkippableTheory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public async Task SeriesChanged_TwoWavesEighteenDaysApartRecordedTodayOrTheDayAfter_OneAlertOnlyWhenRecordedToday(bool recordedToday, int alerts)
    {
        _host = await AlertingHost.StartOnPostgresAsync(_time);
        var client = new AlertingService.AlertingServiceClient(_host.Channel);
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        foreach (var day in new[] { today.AddDays(-46), today.AddDays(-28) })
        {
            var recordedAt = recordedToday ? _time.GetUtcNow().UtcDateTime : day.AddDays(1).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
            await _host.PublishAsync(AlertingHost.RelativesKilled(day, victims: 3) with { RecordedAt = recordedAt });
        }

        var raised = (await client.ListAlertsAsync(new ListAlertsRequest { RuleId = DefaultRules.SecurityForceRelativesKilledId })).Alerts;
        Assert.Equal(alerts, raised.Count);
        var events = (await Task.WhenAll(raised.Select(a => EventsAsync(a.AlertId)))).SelectMany(e => e).ToList();
        Assert.Equal(2, events.Count(e => e.Kind is AlertEventKind.Opened or AlertEventKind.Updated));
        if (recordedToday)
        {
            // The second wave announced as the first's update, over both days, on days still inside a 46-day delay.
            Assert.Equal(
                (AlertEventKind.Updated, today.AddDays(-46), today.AddDays(-28), true, 46),
                (events[^1].Kind, ProtoDates.ToDateOnly(events[^1].Window.StartDate), ProtoDates.ToDateOnly(events[^1].Window.EndDate), events[^1].Provisional, events[^1].ReportingDelayDays));
        }
    }

    private Task<List<AlertEvent>> EventsAsync(string alertId) => _host.WithDbAsync(async db =>
        (await db.AlertEvents.Where(e => e.AlertId == alertId).OrderBy(e => e.Sequence).ToListAsync()).Select(e => e.ToEvent()).ToList());

    // Read from the database: the test's tokens are not valid days ahead on the platform's clock.
    private Task<Alert> AlertAsync(string alertId) => _host.WithDbAsync(async db => (await db.Alerts.SingleAsync(a => a.AlertId == alertId)).ToAlert());
}
