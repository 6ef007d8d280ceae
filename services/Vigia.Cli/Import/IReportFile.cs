namespace Vigia.Cli.Import;

/// <summary>An input file read row by row, each row becoming a report, rejects or a skip.</summary>
internal interface IReportFile
{
    /// <summary>About how many rows the file holds (for the progress bar's time left), or null when unknown.</summary>
    int? EstimatedRows { get; }

    IEnumerable<ImportRow> ReadRows();
}
