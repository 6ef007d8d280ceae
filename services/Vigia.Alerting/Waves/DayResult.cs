using Vigia.Detection;

namespace Vigia.Alerting.Waves;

/// <summary>A detector's verdict on one day, computed from that day and the days before it only.</summary>
public readonly record struct DayResult(DateOnly Date, DetectionResult Result);
