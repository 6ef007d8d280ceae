using Google.Protobuf;
using Vigia.Alerting.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Rules;

/// <summary>
/// A stored rule: the contract message as bytes, with the columns queries need beside it, and the
/// state of its evaluation (<see cref="RuleFailures"/>), which is the server's and not the rule's.
/// </summary>
public class RuleRecord
{
    /// <summary>The rule id column's length: a longer id names no rule.</summary>
    public const int MaxRuleIdLength = 100;

    public required string RuleId { get; set; }
    public bool Enabled { get; set; }
    public required byte[] Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Why the last evaluation failed; null while the rule evaluates.</summary>
    public string? FailingReason { get; set; }

    public DateTime? FailingSince { get; set; }

    /// <summary>The rule is skipped until then.</summary>
    public DateTime? NextRetryAt { get; set; }

    /// <summary>Failed evaluations in a row; sets the back-off.</summary>
    public int Failures { get; set; }

    /// <summary>The first day of the changes a failing rule skipped, re-judged when it recovers.</summary>
    public DateOnly? SkippedFrom { get; set; }

    /// <summary>The rule as callers see it, with its failing state; a body that cannot be read still shows the rule's id and why.</summary>
    public Rule ToRule()
    {
        Rule rule;
        try
        {
            rule = Read();
        }
        catch (InvalidProtocolBufferException ex)
        {
            rule = new Rule { RuleId = RuleId, Enabled = Enabled, FailingReason = $"the stored rule cannot be read: {ex.Message}" };
        }

        if (FailingReason is not null)
        {
            rule.FailingReason = FailingReason;
            rule.FailingSince = FailingSince is { } since ? ProtoDates.ToTimestamp(since) : null;
            rule.NextRetryTime = NextRetryAt is { } retry ? ProtoDates.ToTimestamp(retry) : null;
        }

        return rule;
    }

    /// <summary>The stored rule, throwing when the body is not a rule.</summary>
    public Rule Read() => Rule.Parser.ParseFrom(Body);

    public void Store(Rule rule)
    {
        Enabled = rule.Enabled;
        var stored = rule.Clone();
        stored.FailingReason = "";
        stored.FailingSince = null;
        stored.NextRetryTime = null;
        Body = stored.ToByteArray();
    }
}
