using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Vigia.Alerting.Waves;

/// <summary>
/// What an operator watches of the detectors (docs/operations.md, "The dashboard"): how long each rule's
/// evaluation takes, how many rules are failing, and how long after the registry recorded an incident its
/// alert event was recorded.
/// </summary>
public sealed class AlertingMetrics
{
    public const string MeterName = "Vigia.Alerting";

    private readonly Histogram<double> _evaluation;
    private readonly Histogram<double> _latency;
    private int _failing;

    public AlertingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _evaluation = meter.CreateHistogram<double>("vigia.alerting.rule.evaluation.duration", "s", "Time one rule takes to judge the series a batch touched.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _latency = meter.CreateHistogram<double>("vigia.alerting.alert.latency", "s",
            "Time from the registry recording the newest incident of a batch to the alert events it raised being recorded.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300] });
        meter.CreateObservableGauge("vigia.alerting.rules.failing", () => Volatile.Read(ref _failing), "{rule}", "Enabled rules whose last evaluation failed.");
    }

    public void RecordEvaluation(string ruleId, TimeSpan duration, bool failed) =>
        _evaluation.Record(duration.TotalSeconds, new TagList { { "vigia.rule_id", ruleId }, { "vigia.outcome", failed ? "failed" : "ok" } });

    public void RecordAlertLatency(TimeSpan latency) => _latency.Record(Math.Max(0, latency.TotalSeconds));

    public void RecordFailingRules(int count) => Volatile.Write(ref _failing, count);
}
