namespace Vigia.Alerting.Waves;

/// <summary>
/// A wave that has opened and not yet resolved: one alert. <see cref="Observed"/> is the count over
/// the window for window rules (threshold), else the highest day; the bounds and the score are those
/// of the strongest alarm day.
/// </summary>
public sealed record OpenWave(
    string AlertId,
    DateOnly WindowStart,
    DateOnly WindowEnd,
    DateOnly LastAlarmDay,
    double Observed,
    double Expected,
    double UpperBound,
    double Score,
    string Method);
