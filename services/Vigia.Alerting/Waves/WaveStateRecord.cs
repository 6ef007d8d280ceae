using Google.Protobuf;
using Vigia.Common.V1;

namespace Vigia.Alerting.Waves;

/// <summary>
/// The stored <see cref="WaveState"/> of one series of one rule: its open wave, or (with <see cref="ResolvedOn"/>)
/// the last resolved one, which a new alarm within the cooldown reopens.
/// </summary>
public class WaveStateRecord
{
    public required string RuleId { get; set; }
    public required string SeriesKey { get; set; }

    /// <summary>The series' selector, so a wave can be resolved without a new incident in it.</summary>
    public required byte[] Series { get; set; }

    public string? AlertId { get; set; }
    public DateOnly? WindowStart { get; set; }
    public DateOnly? WindowEnd { get; set; }
    public DateOnly? LastAlarmDay { get; set; }
    public double Observed { get; set; }
    public double Expected { get; set; }
    public double UpperBound { get; set; }
    public double Score { get; set; }
    public string? Method { get; set; }
    public DateOnly? ClosedThrough { get; set; }

    /// <summary>Null while the wave is open.</summary>
    public DateOnly? ResolvedOn { get; set; }

    /// <summary>
    /// The concurrency token: raised by every change, and a save of a state read at an older version is refused
    /// (the evaluation is retried on the state as it now stands, instead of overwriting it).
    /// </summary>
    public int Version { get; set; }

    public bool IsOpen => AlertId is not null && ResolvedOn is null;

    public Selector ToSeries() => Selector.Parser.ParseFrom(Series);

    public WaveState ToState()
    {
        var wave = AlertId is null
            ? null
            : new OpenWave(AlertId, WindowStart!.Value, WindowEnd!.Value, LastAlarmDay!.Value, Observed, Expected, UpperBound, Score, Method ?? "");
        return ResolvedOn is null ? new WaveState(wave, ClosedThrough) : new WaveState(null, ClosedThrough, wave, ResolvedOn);
    }

    public void Store(WaveState state)
    {
        if (state == ToState())
        {
            return;
        }

        Version++;
        var wave = state.Open ?? state.Resolved;
        AlertId = wave?.AlertId;
        WindowStart = wave?.WindowStart;
        WindowEnd = wave?.WindowEnd;
        LastAlarmDay = wave?.LastAlarmDay;
        Observed = wave?.Observed ?? 0;
        Expected = wave?.Expected ?? 0;
        UpperBound = wave?.UpperBound ?? 0;
        Score = wave?.Score ?? 0;
        Method = wave?.Method;
        ClosedThrough = state.ClosedThrough;
        ResolvedOn = state.Open is null ? state.ResolvedOn : null;
    }

    public static WaveStateRecord For(string ruleId, string seriesKey, Selector series) =>
        new() { RuleId = ruleId, SeriesKey = seriesKey, Series = series.ToByteArray() };
}
