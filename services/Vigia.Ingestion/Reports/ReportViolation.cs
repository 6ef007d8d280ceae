namespace Vigia.Ingestion.Reports;

/// <summary>One reason a report was rejected, as stored: the field path and what is wrong with it.</summary>
public sealed record ReportViolation(string Field, string Description);
