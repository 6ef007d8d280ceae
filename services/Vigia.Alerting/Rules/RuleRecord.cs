using Google.Protobuf;
using Vigia.Alerting.V1;

namespace Vigia.Alerting.Rules;

/// <summary>A stored rule: the contract message as bytes, with the columns queries need beside it.</summary>
public class RuleRecord
{
    public required string RuleId { get; set; }
    public bool Enabled { get; set; }
    public required byte[] Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Rule ToRule() => Rule.Parser.ParseFrom(Body);

    public void Store(Rule rule)
    {
        Enabled = rule.Enabled;
        Body = rule.ToByteArray();
    }
}
