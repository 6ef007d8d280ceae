namespace Vigia.Alerting.Data;

/// <summary>A small named value alerting keeps between runs (the data horizon, whether defaults were seeded).</summary>
public class AlertingSetting
{
    public const string DataHorizon = "data-horizon";
    public const string DefaultRulesSeeded = "default-rules-seeded";

    public required string Key { get; set; }
    public required string Value { get; set; }
}
