namespace Vigia.Ingestion.Reports;

/// <summary>Where a stored report stands. A duplicate is an answer, not a state: it points at the stored report.</summary>
public enum ReportState
{
    /// <summary>Validated, normalised and announced to the registry.</summary>
    Accepted = 1,

    /// <summary>The registry recorded it as (or merged it into) an incident.</summary>
    Recorded = 2,

    /// <summary>A bulk record that failed validation, kept with its violations so a desk can look it up.</summary>
    Rejected = 3,

    /// <summary>The source deleted it; the registry no longer counts it. A resend accepts it again, as a correction.</summary>
    Withdrawn = 4,
}
