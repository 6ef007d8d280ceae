using Google.Rpc;

namespace Vigia.Ingestion.Reports;

public enum SubmissionOutcome
{
    Accepted = 1,

    /// <summary>The key was accepted before (or earlier in the same batch); nothing changed.</summary>
    Duplicate = 2,

    Rejected = 3,

    /// <summary>The key was accepted before with other content: the stored report took the new content as its next revision.</summary>
    Corrected = 4,
}

/// <summary>What happened to one submitted record. ReportId is null only for a rejected record without a usable key.</summary>
public sealed record SubmissionResult(
    int Index,
    string Source,
    string SourceRecordId,
    Guid? ReportId,
    SubmissionOutcome Outcome,
    IReadOnlyList<BadRequest.Types.FieldViolation> Violations);
