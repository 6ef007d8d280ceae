using System.Globalization;
using CsvHelper;

namespace Vigia.Cli.Import;

/// <summary>The rejects file: <c>row,source_record_id,field,reason</c>, one line per reason, rows in file order.</summary>
internal static class RejectsFile
{
    /// <summary>Beside the input: homicidios_2011.xlsx gives homicidios_2011.xlsx.rejects.csv.</summary>
    public static string PathFor(string input) => input + ".rejects.csv";

    public static void Write(string path, IEnumerable<RowReject> rejects)
    {
        using var writer = File.CreateText(path);
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        foreach (var header in new[] { "row", "source_record_id", "field", "reason" })
        {
            csv.WriteField(header);
        }

        csv.EndRecord();
        foreach (var reject in rejects.OrderBy(r => r.RowNumber))
        {
            csv.WriteField(reject.RowNumber.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(reject.SourceRecordId);
            csv.WriteField(reject.Field);
            csv.WriteField(reject.Reason);
            csv.EndRecord();
        }

        csv.Flush();
    }
}
