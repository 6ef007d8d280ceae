using Vigia.Ingestion.V1;

namespace Vigia.LoadTool.Workload;

/// <summary>A wave sent as live traffic: its reports go one at a time through SubmitReport.</summary>
public sealed record TrickleWave(int Number, DateOnly Day, IReadOnlyList<Report> Reports);
