using System.Globalization;
using CsvHelper;
using Spectre.Console;

namespace Vigia.Cli.Analysis;

/// <summary>Rows printed as a table for people (Spectre.Console) or as CSV for R, pandas and spreadsheets.</summary>
internal static class TableOutput
{
    public static void Write(TextWriter writer, bool csv, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (csv)
        {
            using var output = CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
            foreach (var header in headers)
            {
                output.WriteField(header);
            }

            output.EndRecord();
            foreach (var row in rows)
            {
                foreach (var cell in row)
                {
                    output.WriteField(cell);
                }

                output.EndRecord();
            }

            output.Flush();
            return;
        }

        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
        }

        foreach (var row in rows)
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (!ReferenceEquals(writer, Console.Out) || Console.IsOutputRedirected)
        {
            // Without a terminal Spectre assumes 80 columns and would cut headers short in a file or a pipe.
            console.Profile.Width = 240;
        }

        console.Write(table);
    }

    public static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    public static string Number(double? value) => value is { } v ? Number(v) : "";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
