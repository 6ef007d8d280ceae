using Vigia.Ingestion.V1;

namespace Vigia.Cli.Import;

/// <summary>
/// One row of an input file: the report it became, or why it could not become one, or that the file's layout skips it
/// (a total line, a footnote).
/// </summary>
internal sealed record ImportRow(int RowNumber, Report? Report, IReadOnlyList<RowReject> Rejects, bool IsSkipped = false)
{
    public static ImportRow Skipped(int rowNumber) => new(rowNumber, null, [], IsSkipped: true);
}
