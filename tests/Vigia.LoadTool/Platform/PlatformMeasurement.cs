using Vigia.LoadTool.Streaming;
using Vigia.LoadTool.Workload;

namespace Vigia.LoadTool.Platform;

/// <summary>What the platform did with the workload.</summary>
/// <param name="EndToEnd">First write until statistics counted every accepted report; null when it never did in time.</param>
/// <param name="Registry">When the registry recorded the incidents; null when the tool does not know the registry's address.</param>
public sealed record PlatformMeasurement(
    string Description,
    StreamOutcome Stream,
    TimeSpan? EndToEnd,
    long CountedByStatistics,
    IReadOnlyList<WaveLatency> Waves,
    RegistryStage? Registry,
    IReadOnlyList<ProcessPeakMemory> PeakMemory,
    IReadOnlyList<string> Problems)
{
    public double IngestionRate => Stream.Accepted / Stream.Elapsed.TotalSeconds;

    public double? EndToEndRate => EndToEnd is { } e ? Stream.Accepted / e.TotalSeconds : null;
}

/// <summary>A planted wave and how long after its last report was accepted its alert arrived (null: never).</summary>
public sealed record WaveLatency(PlantedWave Wave, TimeSpan? Latency);
