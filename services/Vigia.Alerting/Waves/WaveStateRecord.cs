using Google.Protobuf;
using Vigia.Common.V1;

namespace Vigia.Alerting.Waves;

/// <summary>The stored <see cref="WaveState"/> of one series of one rule.</summary>
public class WaveStateRecord
{
    public required string RuleId { get; set; }
    public required string SeriesKey { get; set; }

    /// <summary>The series' selector, so a wave can be resolved without a new incident in it.</summary>
    public required byte[] Series { get; set; }

    public string? OpenAlertId { get; set; }
    public DateOnly? WindowStart { get; set; }
    public DateOnly? WindowEnd { get; set; }
    public DateOnly? LastAlarmDay { get; set; }
    public double Observed { get; set; }
    public double Expected { get; set; }
    public double UpperBound { get; set; }
    public double Score { get; set; }
    public string? Method { get; set; }
    public DateOnly? ClosedThrough { get; set; }

    public Selector ToSeries() => Selector.Parser.ParseFrom(Series);

    public WaveState ToState() => new(
        OpenAlertId is null
            ? null
            : new OpenWave(OpenAlertId, WindowStart!.Value, WindowEnd!.Value, LastAlarmDay!.Value, Observed, Expected, UpperBound, Score, Method ?? ""),
        ClosedThrough);

    public void Store(WaveState state)
    {
        var open = state.Open;
        OpenAlertId = open?.AlertId;
        WindowStart = open?.WindowStart;
        WindowEnd = open?.WindowEnd;
        LastAlarmDay = open?.LastAlarmDay;
        Observed = open?.Observed ?? 0;
        Expected = open?.Expected ?? 0;
        UpperBound = open?.UpperBound ?? 0;
        Score = open?.Score ?? 0;
        Method = open?.Method;
        ClosedThrough = state.ClosedThrough;
    }

    public static WaveStateRecord For(string ruleId, string seriesKey, Selector series) =>
        new() { RuleId = ruleId, SeriesKey = seriesKey, Series = series.ToByteArray() };
}
