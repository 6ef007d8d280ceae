namespace Vigia.Cli.Import;

/// <summary>One reason a row was rejected, by the import itself or by ingestion: the row, its record id, the field and why.</summary>
internal sealed record RowReject(int RowNumber, string SourceRecordId, string Field, string Reason);
