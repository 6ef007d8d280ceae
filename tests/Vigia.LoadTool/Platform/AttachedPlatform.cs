namespace Vigia.LoadTool.Platform;

/// <summary>A platform someone else started; the tool only talks to it, so it cannot see its memory.</summary>
public sealed class AttachedPlatform(Uri ingestion, Uri? registry, Uri statistics, Uri alerting) : IPlatformUnderTest
{
    public string Description => $"already running (ingestion {ingestion}, statistics {statistics}, alerting {alerting})";

    public Uri Ingestion => ingestion;

    public Uri? Registry => registry;

    public Uri Statistics => statistics;

    public Uri Alerting => alerting;

    /// <summary>VIGIA_TOKEN, e.g. the embedded default's dev-token: $(cat data/dev-token).</summary>
    public string? BearerToken => Environment.GetEnvironmentVariable("VIGIA_TOKEN") is { Length: > 0 } token ? token : null;

    public IReadOnlyList<ProcessPeakMemory> PeakMemory() => [];

    public IReadOnlyList<ProcessCpuTime> CpuTime() => [];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
