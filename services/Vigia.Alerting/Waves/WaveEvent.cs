namespace Vigia.Alerting.Waves;

public enum WaveEventKind
{
    Opened,
    Updated,
    Resolved,

    /// <summary>A resolved wave alarmed again within its cooldown: the same alert, open again.</summary>
    Reopened,
}

/// <summary>Why a wave resolved.</summary>
public enum WaveResolution
{
    None,

    /// <summary>Its hold period passed without an alarm.</summary>
    Quiet,

    /// <summary>Its days, judged again after incidents were retracted or amended, no longer alarm.</summary>
    Withdrawn,
    RuleDisabled,
    RuleDeleted,
}

/// <summary>Something that happened to a wave on day <paramref name="On"/>, with the wave as it stands after it.</summary>
public sealed record WaveEvent(WaveEventKind Kind, DateOnly On, OpenWave Wave, WaveResolution Resolution = WaveResolution.None);

/// <summary>The outcome of evaluating a run of days: the state to keep and what to announce.</summary>
public sealed record WaveStep(WaveState State, IReadOnlyList<WaveEvent> Events);
