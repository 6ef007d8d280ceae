using Google.Rpc;

namespace Vigia.Ingestion.Normalisation;

/// <summary>
/// The outcome of validating one report: the normalised report, or every field violation found.
/// Source and source record id are kept (trimmed) either way, so a rejected bulk record can still be
/// stored under its key.
/// </summary>
public sealed record ValidatedReport(
    string Source, string SourceRecordId, NormalisedReport? Report, IReadOnlyList<BadRequest.Types.FieldViolation> Violations)
{
    public bool IsValid => Report is not null;

    /// <summary>Whether the key is usable to store the record, valid or not.</summary>
    public bool HasKey => Source.Length is > 0 and <= ReportValidator.MaxSourceLength
        && SourceRecordId.Length is > 0 and <= ReportValidator.MaxSourceRecordIdLength;
}
