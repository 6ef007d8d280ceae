using Vigia.Cli.Import.Layout;

namespace Vigia.Cli.Import;

/// <summary>Chooses how to read an input file: through a layout when one is given, else by its extension.</summary>
internal static class ReportFiles
{
    public static IReportFile Open(string path, string? layoutPath)
    {
        if (layoutPath is not null)
        {
            return new LayoutReportFile(path, SheetLayout.Load(layoutPath));
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => new CsvReportFile(path),
            ".ndjson" or ".jsonl" => new NdjsonReportFile(path),
            ".xlsx" or ".xls" => throw new InvalidDataException($"{path}: a spreadsheet needs --layout (which sheet, which column is which field)."),
            var other => throw new InvalidDataException($"{path}: unknown format '{other}'; give a .csv, .ndjson or .jsonl file, or --layout."),
        };
    }
}
