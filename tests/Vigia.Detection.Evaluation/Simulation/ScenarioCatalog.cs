using Vigia.Detection;

namespace Vigia.Detection.Evaluation.Simulation;

/// <summary>
/// The simulated scenarios: weekly ones spanning Noufaily et al.'s grid (means from 1 to 100 a week, φ 1.5 and 3, with and
/// without trend, one or two harmonics), daily ones spanning the series Vigia watches (0.3 a day: killings of relatives of
/// security forces; 9 a day: El Salvador's homicides in 2017; 40 a day: a national series), with weekday effects.
/// </summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<Scenario> Weekly { get; } =
    [
        new("W1", SeriesFrequency.Weekly, 1, 1.5, 0, 0, 0, false),
        new("W2", SeriesFrequency.Weekly, 1, 3, 0.1, 1, 0.3, false),
        new("W3", SeriesFrequency.Weekly, 5, 1.5, 0, 1, 0.3, false),
        new("W4", SeriesFrequency.Weekly, 5, 3, -0.1, 2, 0.3, false),
        new("W5", SeriesFrequency.Weekly, 20, 1.5, 0.1, 0, 0, false),
        new("W6", SeriesFrequency.Weekly, 20, 3, 0, 2, 0.3, false),
        new("W7", SeriesFrequency.Weekly, 100, 1.5, 0, 1, 0.3, false),
        new("W8", SeriesFrequency.Weekly, 100, 3, -0.1, 2, 0.3, false),
    ];

    public static IReadOnlyList<Scenario> Daily { get; } =
    [
        new("D1", SeriesFrequency.Daily, 0.3, 1.2, 0, 0, 0, false),
        new("D2", SeriesFrequency.Daily, 1, 1.5, 0, 1, 0.3, true),
        new("D3", SeriesFrequency.Daily, 3, 1.5, 0.1, 0, 0, true),
        new("D4", SeriesFrequency.Daily, 9, 1.5, -0.1, 1, 0.3, true),
        new("D5", SeriesFrequency.Daily, 40, 2, 0, 2, 0.3, true),
        new("D6", SeriesFrequency.Daily, 9, 3, 0, 1, 0.3, false),
    ];
}
