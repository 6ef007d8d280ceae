namespace Vigia.Alerting.Silences;

/// <summary>Vigia:Alerting:Silences: how long one silence may mute alerts, so none mutes them forever.</summary>
public sealed class SilenceOptions
{
    public const string Section = "Vigia:Alerting:Silences";

    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromDays(30);
}
