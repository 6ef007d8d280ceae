namespace Vigia.LoadTool.Workload;

/// <summary>
/// Three killings of relatives of security forces on one day, planted in one batch so the default
/// alert rule ("3+ within 2 days, per country") opens exactly one wave, and the report that
/// completes it is known: its batch's acceptance is where the alert latency starts.
/// </summary>
public sealed record PlantedWave(int Number, DateOnly Day, IReadOnlyList<string> Departments, int BatchIndex);
