using Google.Protobuf;
using Vigia.Ingestion.V1;

namespace Vigia.Cli.Import;

/// <summary>
/// One <see cref="Report"/> in proto-JSON per line (blank lines ignored); row numbers are line numbers. A report without
/// a source_record_id gets one from its line's content (<see cref="ContentRecordIds"/>).
/// </summary>
internal sealed class NdjsonReportFile(string path) : IReportFile
{
    public int? EstimatedRows => File.ReadLines(path).Count(line => !string.IsNullOrWhiteSpace(line));

    public IEnumerable<ImportRow> ReadRows()
    {
        var ids = new ContentRecordIds();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fallbackId = ids.Next([line]);
            var (report, error) = Parse(line);
            if (report is null)
            {
                yield return new ImportRow(lineNumber, null, [new RowReject(lineNumber, "", "line", error!)]);
                continue;
            }

            if (report.SourceRecordId.Trim().Length == 0)
            {
                report.SourceRecordId = fallbackId;
            }

            yield return new ImportRow(lineNumber, report, []);
        }
    }

    private static (Report? Report, string? Error) Parse(string line)
    {
        try
        {
            return (JsonParser.Default.Parse<Report>(line), null);
        }
        catch (InvalidProtocolBufferException e)
        {
            return (null, $"not a Report in proto-JSON: {e.Message}");
        }
        catch (InvalidJsonException e)
        {
            return (null, $"not JSON: {e.Message}");
        }
    }
}
