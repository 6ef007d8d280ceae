using Google.Protobuf.WellKnownTypes;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Waves;

/// <summary>
/// Every detector kind through the whole live path (rule, statistics series, wave, alert) on PostgreSQL, and
/// BacktestRule raising the same alerts from the same data.
/// </summary>
public sealed class DetectorLivePathTests : IAsyncLifetime
{
    private static readonly DateOnly s_first = new(2023, 1, 1);
    private static readonly DateOnly s_june11 = new(2017, 6, 11);

    private InMemoryServiceHost _host = null!;
    private AlertingService.AlertingServiceClient _client = null!;

    public static TheoryData<string, Detector> EveryDetector => new()
    {
        { "threshold", new Detector { Threshold = new Threshold { Count = 20, WindowDays = 1 } } },
        { "ears-c1", new Detector { Ears = new Ears { Variant = EarsVariant.C1 } } },
        { "ears-c2", new Detector { Ears = new Ears { Variant = EarsVariant.C2, Threshold = 2.5 } } },
        { "ears-c3", new Detector { Ears = new Ears { Variant = EarsVariant.C3 } } },
        { "nb-regression", new Detector { NegativeBinomial = new NegativeBinomial { Alpha = 0.995 } } },
        { "nb-cusum", new Detector { Cusum = new Cusum { Threshold = 4 } } },
        { "auto", new Detector { Auto = new Auto { Sensitivity = 1 } } },
    };

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

    [SkippableTheory]
    [MemberData(nameof(EveryDetector))]
    public async Task BacktestRule_SameDataAsTheLivePath_RaisesTheSameAlerts(string name, Detector detector)
    {
        await StartAsync();
        var ruleId = $"homicides-{name}";
        await _client.CreateRuleAsync(new CreateRuleRequest { Rule = NationalHomicides(ruleId, detector) });

        // A year, then a spike and a sustained wave, arriving in three batches as a desk would send them.
        await _host.PublishBatchAsync(AlertingHost.YearOfHomicides(s_first));
        var next = s_first.AddDays(365);
        await _host.PublishBatchAsync([.. AlertingHost.YearOfHomicides(next, days: 9), AlertingHost.Homicides(next.AddDays(9), victims: 25)]);
        await _host.PublishBatchAsync(
            [.. Enumerable.Range(10, 5).Select(i => AlertingHost.Homicides(next.AddDays(i), victims: 15)), .. AlertingHost.YearOfHomicides(next.AddDays(15), days: 20)]);

        var live = (await _client.ListAlertsAsync(new ListAlertsRequest { RuleId = ruleId, PageSize = 100 })).Alerts
            .Select(a => Describe(a.Window, a.Observed, a.State == AlertState.Resolved))
            .Order(StringComparer.Ordinal)
            .ToList();
        var backtest = (await _client.BacktestRuleAsync(new BacktestRuleRequest
        {
            RuleId = ruleId,
            Period = ProtoDates.ToPeriod(s_first, next.AddDays(34)),
        })).Events
            .GroupBy(e => e.AlertId)
            .Select(g => g.Last())
            .Select(e => Describe(e.Window, e.Observed, e.Kind == AlertEventKind.Resolved))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(live);
        Assert.Contains(live, a => a.StartsWith($"{next.AddDays(9):yyyy-MM-dd}", StringComparison.Ordinal) || a.Contains($"..{next.AddDays(9):yyyy-MM-dd}", StringComparison.Ordinal));
        Assert.Equal(live, backtest);
    }

    [SkippableTheory]
    [InlineData("threshold")]
    [InlineData("auto")]
    public async Task SeriesChanged_June2017OnAYearOfHistory_OneAlertForTheRelativesKilled(string name)
    {
        await StartAsync();
        var detector = name == "threshold"
            ? new Detector { Threshold = new Threshold { Count = 3, WindowDays = 2 } }
            : new Detector { Auto = new Auto() };
        var rule = DefaultRules.SecurityForceRelativesKilled();
        rule.Detector = detector;
        await _client.UpdateRuleAsync(new UpdateRuleRequest
        {
            Rule = rule,
            UpdateMask = new FieldMask { Paths = { "detector" } },
        });

        // The platform's data starts a year before: the relatives' series is a year of true zeros.
        await _host.PublishBatchAsync(AlertingHost.YearOfHomicides(s_june11.AddDays(-365)));
        await _host.PublishAsync(
            AlertingHost.RelativesKilled(s_june11, victims: 2),
            AlertingHost.RelativesKilled(s_june11.AddDays(1)));

        var alert = Assert.Single((await _client.ListAlertsAsync(new ListAlertsRequest { RuleId = rule.RuleId })).Alerts);
        Assert.Equal(AlertState.Open, alert.State);
        Assert.Equal(s_june11, ProtoDates.ToDateOnly(alert.Window.StartDate));
        Assert.Equal(name, alert.Method == "threshold" ? "threshold" : "auto");
        Assert.True(alert.Observed >= 2, $"observed {alert.Observed}");
    }

    private static string Describe(Period window, double observed, bool resolved) =>
        $"{ProtoDates.ToDateOnly(window.StartDate):yyyy-MM-dd}..{ProtoDates.ToDateOnly(window.EndDate):yyyy-MM-dd} observed {observed} {(resolved ? "resolved" : "open")}";

    private static Rule NationalHomicides(string ruleId, Detector detector) => new()
    {
        RuleId = ruleId,
        DisplayName = ruleId,
        Selector = new Selector { IncidentTypes = { IncidentType.Homicide } },
        Measure = Measure.Victims,
        GroupBy = GroupBy.Country,
        Detector = detector,
        Enabled = true,
    };
}
