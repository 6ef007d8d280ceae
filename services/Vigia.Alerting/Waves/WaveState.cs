namespace Vigia.Alerting.Waves;

/// <summary>What alerting remembers about one series of one rule between evaluations.</summary>
/// <param name="Open">The wave in progress, if any.</param>
/// <param name="ClosedThrough">
/// The last alarm day of the most recent resolved wave: alarm days up to it were already reported,
/// so evaluating them again raises nothing.
/// </param>
/// <param name="Resolved">The most recent resolved wave, while no wave is open: an alarm within the cooldown after <paramref name="ResolvedOn"/> reopens it.</param>
/// <param name="ResolvedOn">The day <paramref name="Resolved"/> resolved on.</param>
public sealed record WaveState(OpenWave? Open, DateOnly? ClosedThrough, OpenWave? Resolved = null, DateOnly? ResolvedOn = null)
{
    public static WaveState Quiet { get; } = new(null, null);
}
