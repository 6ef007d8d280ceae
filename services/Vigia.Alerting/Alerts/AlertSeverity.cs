using Vigia.Alerting.V1;

namespace Vigia.Alerting.Alerts;

/// <summary>
/// An alert's severity: the rule's when it sets one; otherwise from the detector's score (how far
/// past its threshold the strongest day stood; 1 is just at it): 2 or more HIGH, 1.5 or more MEDIUM,
/// else LOW.
/// </summary>
public static class AlertSeverity
{
    public static Severity Of(Rule rule, double score) => rule.Severity != Severity.Unspecified ? rule.Severity : OfScore(score);

    /// <summary>The severity the score alone gives; a wave whose score crosses a step is announced again (it escalated).</summary>
    public static Severity OfScore(double score) =>
        score >= 2 ? Severity.High
        : score >= 1.5 ? Severity.Medium
        : Severity.Low;
}
