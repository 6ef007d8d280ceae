using Vigia.LoadTool.Workload;

namespace Vigia.LoadTool.Platform;

/// <summary>
/// What the platform is warmed up on before the measured load: bulk reports from before the measured period (none:
/// no warm-up), then live waves from its last weeks, each waited for until it alerts.
/// </summary>
public sealed record Warmup(ReportWorkload? Reports, IReadOnlyList<TrickleWave> LiveWaves);
