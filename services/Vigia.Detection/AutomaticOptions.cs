using Vigia.Detection.Baselines;

namespace Vigia.Detection;

/// <summary>The settings of the automatic default; only <see cref="FalseAlarmRate"/> is meant to be turned, through the sensitivity.</summary>
public sealed record AutomaticOptions
{
    /// <summary>Target false alarms per point at sensitivity 1, shared among the components below.</summary>
    public double FalseAlarmRate { get; init; } = 0.004;

    /// <summary>The share of the false-alarm budget spent on the one-point test; the CUSUM gets the rest.</summary>
    public double SpikeShare { get; init; } = 0.5;

    /// <summary>The shift, in baseline standard deviations, the CUSUM is tuned to on daily series, where a wave spans days.</summary>
    public double DailyShiftSd { get; init; } = 1.0;

    /// <summary>
    /// The same on weekly series, where a wave of two weeks is one or two points: a CUSUM tuned to small shifts needs more
    /// points than the wave has, one tuned to two standard deviations catches it while it lasts (docs/detection.md).
    /// </summary>
    public double WeeklyShiftSd { get; init; } = 2.0;

    /// <summary>Series whose expected count per point is below this are also scanned over short windows, with exact tails.</summary>
    public double SparseMean { get; init; } = 1.0;

    /// <summary>The longest window (in points) of the sparse scan.</summary>
    public int MaxWindow { get; init; } = 7;

    /// <summary>The share of the false-alarm budget spent on the sparse scan, taken from the one-point test's share.</summary>
    public double WindowShare { get; init; } = 0.1;

    public BaselineOptions Daily { get; init; } = BaselineOptions.For(SeriesFrequency.Daily);

    public BaselineOptions Weekly { get; init; } = BaselineOptions.For(SeriesFrequency.Weekly);

    public RecentLevelOptions DailyRecentLevel { get; init; } = RecentLevelOptions.For(SeriesFrequency.Daily);

    public RecentLevelOptions WeeklyRecentLevel { get; init; } = RecentLevelOptions.For(SeriesFrequency.Weekly);

    public LocalForecastOptions DailyLocal { get; init; } = LocalForecastOptions.For(SeriesFrequency.Daily);

    public LocalForecastOptions WeeklyLocal { get; init; } = LocalForecastOptions.For(SeriesFrequency.Weekly);

    public double ShiftSdFor(SeriesFrequency frequency) => frequency == SeriesFrequency.Daily ? DailyShiftSd : WeeklyShiftSd;

    public AutomaticOptions WithSensitivity(double sensitivity) => this with { FalseAlarmRate = FalseAlarmRate * sensitivity };
}
