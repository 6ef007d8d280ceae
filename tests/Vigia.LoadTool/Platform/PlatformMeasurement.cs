using Vigia.LoadTool.Streaming;
using Vigia.LoadTool.Workload;

namespace Vigia.LoadTool.Platform;

/// <summary>What the platform did with the workload.</summary>
/// <param name="EndToEnd">First write until statistics counted every accepted report; null when it never did in time.</param>
/// <param name="LiveUnderLoad">Live waves (one SubmitReport per report) sent during the bulk load, with their alert latency.</param>
/// <param name="LiveRecordedUnderLoad">For each live wave sent during the load, the report its alert followed (<see cref="LiveLatency.Followed"/>) sent → the registry recorded it (sorted); empty when the tool does not know the registry's address.</param>
/// <param name="LiveIdle">Live waves sent on the idle platform after it, each once the previous one had its alert.</param>
/// <param name="LiveAlone">Live waves sent on the idle platform after those, each report once the platform had done with the one before.</param>
/// <param name="AloneStages">For each of those with an alert, where its report's time went (<see cref="LiveTraffic.StagesAsync"/>); empty when the tool does not know the registry's address.</param>
/// <param name="CpuUsed">CPU time each service process used from the first write until statistics counted every report.</param>
/// <param name="Registry">When the registry recorded the incidents; null when the tool does not know the registry's address.</param>
public sealed record PlatformMeasurement(
    string Description,
    StreamOutcome Stream,
    TimeSpan? EndToEnd,
    long CountedByStatistics,
    IReadOnlyList<WaveLatency> Waves,
    IReadOnlyList<LiveLatency> LiveUnderLoad,
    IReadOnlyList<TimeSpan> LiveRecordedUnderLoad,
    IReadOnlyList<LiveLatency> LiveIdle,
    IReadOnlyList<LiveLatency> LiveAlone,
    IReadOnlyList<LiveStages> AloneStages,
    RegistryStage? Registry,
    IReadOnlyList<ProcessPeakMemory> PeakMemory,
    IReadOnlyList<ProcessCpuTime> CpuUsed,
    IReadOnlyList<string> Problems)
{
    public double IngestionRate => Stream.Accepted / Stream.Elapsed.TotalSeconds;

    public double? EndToEndRate => EndToEnd is { } e ? Stream.Accepted / e.TotalSeconds : null;
}

/// <summary>A planted wave and how long after its last report was accepted its alert arrived (null: never).</summary>
public sealed record WaveLatency(PlantedWave Wave, TimeSpan? Latency);
