using System.Globalization;
using CsvHelper;
using Vigia.Detection;

namespace Vigia.Cli.Detect;

/// <summary>
/// Reads <c>series_id,date,count</c> and writes <c>series_id,alert_date</c>, plus on request the evidence: observed, expected,
/// upper_bound, score, method and window (how many points observed sums: 1, or more for window rules).
/// </summary>
internal static class SeriesCsv
{
    private static readonly string[] s_columns = ["series_id", "date", "count"];

    public static List<CountSeries> Read(TextReader reader)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            NormalizeHeaderName = header => header.Trim().ToLowerInvariant(),
        };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        var headers = csv.Headers?.Select(h => h.Trim().ToLowerInvariant()).ToList() ?? [];
        foreach (var column in s_columns)
        {
            if (!headers.Contains(column))
            {
                throw new InvalidDataException($"The input has no '{column}' column; expected a header series_id,date,count.");
            }
        }

        var rows = new Dictionary<string, List<(DateOnly, double)>>(StringComparer.Ordinal);
        var order = new List<string>();
        while (csv.Read())
        {
            var line = csv.LineNumber;
            var id = csv.GetString("series_id");
            var dateText = csv.GetString("date");
            var countText = csv.GetString("count");
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new InvalidDataException($"Line {line}: date '{dateText}' is not yyyy-MM-dd.");
            }

            if (!double.TryParse(countText, NumberStyles.Float, CultureInfo.InvariantCulture, out var count) || count < 0 || !double.IsFinite(count))
            {
                throw new InvalidDataException($"Line {line}: count '{countText}' is not a non-negative number.");
            }

            if (!rows.TryGetValue(id, out var list))
            {
                rows[id] = list = [];
                order.Add(id);
            }

            list.Add((date, count));
        }

        return [.. order.Select(id => CountSeries.FromRows(id, rows[id]))];
    }

    public static void WriteAlarms(TextWriter writer, IEnumerable<(CountSeries Series, int T, DetectionResult Result)> alarms, bool evidence)
    {
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        csv.WriteField("series_id");
        csv.WriteField("alert_date");
        if (evidence)
        {
            foreach (var header in new[] { "observed", "expected", "upper_bound", "score", "method", "window" })
            {
                csv.WriteField(header);
            }
        }

        csv.EndRecord();
        foreach (var (series, t, result) in alarms)
        {
            csv.WriteField(series.Id);
            csv.WriteField(series.DateAt(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (evidence)
            {
                csv.WriteField(Number(result.Observed));
                csv.WriteField(Number(result.Expected));
                csv.WriteField(Number(result.UpperBound));
                csv.WriteField(Number(result.Score));
                csv.WriteField(result.Method);
                csv.WriteField(result.Window.ToString(CultureInfo.InvariantCulture));
            }

            csv.EndRecord();
        }

        csv.Flush();
    }

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "inf" : Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);
}
