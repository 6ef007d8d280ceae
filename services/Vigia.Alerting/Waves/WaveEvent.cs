namespace Vigia.Alerting.Waves;

public enum WaveEventKind
{
    Opened,
    Updated,
    Resolved,
}

/// <summary>Something that happened to a wave on day <paramref name="On"/>, with the wave as it stands after it.</summary>
public sealed record WaveEvent(WaveEventKind Kind, DateOnly On, OpenWave Wave);

/// <summary>The outcome of evaluating a run of days: the state to keep and what to announce.</summary>
public sealed record WaveStep(WaveState State, IReadOnlyList<WaveEvent> Events);
