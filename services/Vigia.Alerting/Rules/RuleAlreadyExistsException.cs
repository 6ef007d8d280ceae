namespace Vigia.Alerting.Rules;

/// <summary>A rule was created with a rule_id another rule already has: becomes ALREADY_EXISTS.</summary>
public sealed class RuleAlreadyExistsException(string ruleId) : Exception($"A rule with id '{ruleId}' already exists.")
{
    public string RuleId { get; } = ruleId;
}
