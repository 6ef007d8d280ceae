namespace Vigia.LoadTool.Platform;

/// <summary>A platform someone else started; the tool only talks to it, so it cannot see its memory.</summary>
public sealed class AttachedPlatform(Uri ingestion, Uri? registry, Uri statistics, Uri alerting) : IPlatformUnderTest
{
    public string Description => $"already running (ingestion {ingestion}, statistics {statistics}, alerting {alerting})";

    public Uri Ingestion => ingestion;

    public Uri? Registry => registry;

    public Uri Statistics => statistics;

    public Uri Alerting => alerting;

    public IReadOnlyList<ProcessPeakMemory> PeakMemory() => [];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
