namespace Vigia.Alerting.Rules;

/// <summary>
/// A rule failed in a pass that judged without isolating rules: the caller rolls the pass back and judges it again
/// with each rule behind a savepoint, where the rule fails alone (<see cref="RuleFailures"/>).
/// </summary>
public sealed class RuleFailedException(string ruleId, Exception inner)
    : Exception($"Rule {ruleId} failed: {inner.Message}", inner)
{
    public string RuleId { get; } = ruleId;
}
