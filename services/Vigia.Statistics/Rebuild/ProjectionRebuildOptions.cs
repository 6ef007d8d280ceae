namespace Vigia.Statistics.Rebuild;

/// <summary>Vigia:Rebuild: how the rebuild reads the registry's change feed.</summary>
public sealed class ProjectionRebuildOptions
{
    public const string Section = "Vigia:Rebuild";

    /// <summary>
    /// The feed streams the registry's history and then stays open for live changes; a pause this long after
    /// the last change read means the history is over. Changes recorded later reach statistics' queue as usual.
    /// </summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the registry may take to send its first change.</summary>
    public TimeSpan FirstChangeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Changes applied per save.</summary>
    public int BatchSize { get; set; } = 500;
}
