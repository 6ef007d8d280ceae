namespace Vigia.Alerting.Waves;

/// <summary>What alerting remembers about one series of one rule between evaluations.</summary>
/// <param name="Open">The wave in progress, if any.</param>
/// <param name="ClosedThrough">
/// The last alarm day of the most recent resolved wave: alarm days up to it were already reported,
/// so evaluating them again raises nothing.
/// </param>
public sealed record WaveState(OpenWave? Open, DateOnly? ClosedThrough)
{
    public static WaveState Quiet { get; } = new(null, null);
}
