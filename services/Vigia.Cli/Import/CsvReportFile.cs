using CsvHelper;

namespace Vigia.Cli.Import;

/// <summary>
/// The documented CSV: a header row with any of <see cref="ReportFields.CsvColumns"/> (source, occurred_on, country and
/// incident_type at least), one report per line. Row numbers are the file's line numbers, the header being line 1.
/// </summary>
internal sealed class CsvReportFile(string path) : IReportFile
{
    private static readonly string[] s_required = [ReportFields.Source, ReportFields.OccurredOn, ReportFields.Country, ReportFields.IncidentType];

    public int? EstimatedRows => Math.Max(0, File.ReadLines(path).Count() - 1);

    public IEnumerable<ImportRow> ReadRows()
    {
        using var reader = File.OpenText(path);
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrackLineNumbers = true,
            NormalizeHeaderName = header => header.Trim().ToLowerInvariant(),
        };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        var headers = csv.Headers?.Select(h => h.Trim().ToLowerInvariant()).ToList() ?? [];
        if (headers.FirstOrDefault(h => !ReportFields.CsvColumns.Contains(h)) is { } unknown)
        {
            throw new InvalidDataException(
                $"{path}: unknown column '{unknown}'; the columns are {string.Join(",", ReportFields.CsvColumns)} (files of other shapes need --layout).");
        }

        if (s_required.FirstOrDefault(c => !headers.Contains(c)) is { } missing)
        {
            throw new InvalidDataException($"{path}: no '{missing}' column; {string.Join(", ", s_required)} are required.");
        }

        var ids = new ContentRecordIds();
        while (csv.Read())
        {
            var fields = headers.ToDictionary(h => h, csv.GetString, StringComparer.Ordinal);
            var fallbackId = ids.Next(ReportFields.CsvColumns.Select(c => fields.GetValueOrDefault(c) ?? ""));
            yield return ReportBuilder.Build((int)csv.LineNumber, fields, fallbackId);
        }
    }
}
