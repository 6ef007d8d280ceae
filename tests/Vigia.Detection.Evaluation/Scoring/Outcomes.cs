namespace Vigia.Detection.Evaluation.Scoring;

/// <summary>Whether one detector found one planted outbreak, and how many points after its first case.</summary>
internal sealed record OutbreakOutcome(string Detector, string Group, string Scenario, double SizeSd, OutbreakKind Kind, bool Detected, int Delay);

/// <summary>The alarms one detector raised on one series outside its outbreaks.</summary>
internal sealed record QuietOutcome(string Detector, string Group, string Scenario, int FalseAlarms, int QuietPoints, int PointsPerYear);
