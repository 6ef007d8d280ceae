namespace Vigia.Detection.Evaluation;

/// <summary>What one benchmark run covers.</summary>
internal sealed record EvaluationSettings(
    int Scale,
    int Seed,
    bool UseR,
    string RealDataDirectory,
    IReadOnlySet<string> Groups,
    string WorkDirectory,
    string? MarkdownPath,
    IReadOnlyList<string>? Explore = null,
    int RealLastYear = RealData.RealSeriesBuilder.LastYear)
{
    /// <summary>Simulated series per weekly scenario at scale 1.</summary>
    public int WeeklySeriesPerScenario => 10 * Scale;

    /// <summary>Simulated series per daily scenario at scale 1 (R's daily farringtonFlexible costs ~7 s a series-year).</summary>
    public int DailySeriesPerScenario => 4 * Scale;

    /// <summary>Real series: the national total and the busiest departments.</summary>
    public int RealSeries => Math.Min(33, 12 * Scale);
}
