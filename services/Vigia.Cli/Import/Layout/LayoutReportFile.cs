using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace Vigia.Cli.Import.Layout;

/// <summary>
/// A spreadsheet (XLSX, XLS) or a CSV of any shape, read through a <see cref="SheetLayout"/>. Row numbers are the
/// sheet's own (1 is the first row), so a reject points at the row a person sees. Rows without their own record id
/// get one from the content of the columns the layout reads (<see cref="ContentRecordIds"/>).
/// </summary>
internal sealed class LayoutReportFile(string path, SheetLayout layout) : IReportFile
{
    static LayoutReportFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public int? EstimatedRows
    {
        get
        {
            using var stream = File.OpenRead(path);
            using var reader = Open(stream);
            SelectSheet(reader);
            return Math.Max(0, reader.RowCount - (layout.HeaderRow ?? 1));
        }
    }

    public IEnumerable<ImportRow> ReadRows()
    {
        using var stream = File.OpenRead(path);
        using var reader = Open(stream);
        SelectSheet(reader);
        var columns = layout.Columns;
        Dictionary<string, int>? header = null;
        var ids = new ContentRecordIds();
        var rowNumber = 0;
        while (reader.Read())
        {
            rowNumber++;
            if (header is null)
            {
                header = ReadHeader(reader, rowNumber, columns);
                continue;
            }

            var cells = columns.ToDictionary(c => c, c => reader.GetValue(header[c]), StringComparer.OrdinalIgnoreCase);
            if (cells.Values.All(v => CellText(v).Length == 0) || layout.Skip.Any(rule => Matches(rule, cells[rule.Column])))
            {
                yield return ImportRow.Skipped(rowNumber);
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (field, source) in layout.Fields)
            {
                fields[field] = source.Value ?? FieldText(field, source, cells[source.Column!]);
            }

            yield return ReportBuilder.Build(rowNumber, fields, ids.Next(columns.Select(c => CellText(cells[c]))));
        }

        if (header is null)
        {
            throw new InvalidDataException(layout.HeaderRow is { } row
                ? $"{path}: the sheet has no row {row}."
                : $"{path}: no row holds every column the layout reads ({string.Join(", ", columns)}).");
        }
    }

    private IExcelDataReader Open(Stream stream) =>
        Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase)
            ? ExcelReaderFactory.CreateCsvReader(stream)
            : ExcelReaderFactory.CreateReader(stream);

    private void SelectSheet(IExcelDataReader reader)
    {
        if (layout.Sheet is null)
        {
            return;
        }

        var names = new List<string>();
        do
        {
            if (string.Equals(reader.Name?.Trim(), layout.Sheet.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            names.Add(reader.Name ?? "");
        }
        while (reader.NextResult());
        throw new InvalidDataException($"{path}: no sheet '{layout.Sheet}' (sheets: {string.Join(", ", names)}).");
    }

    /// <summary>The column positions when this is the header row, else null.</summary>
    private Dictionary<string, int>? ReadHeader(IExcelDataReader reader, int rowNumber, IReadOnlyList<string> columns)
    {
        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            positions.TryAdd(CellText(reader.GetValue(i)), i);
        }

        var missing = columns.Where(c => !positions.ContainsKey(c.Trim())).ToList();
        if (layout.HeaderRow is { } headerRow)
        {
            if (rowNumber < headerRow)
            {
                return null;
            }

            if (missing.Count > 0)
            {
                throw new InvalidDataException($"{path}: row {headerRow} has no column {string.Join(", ", missing)}.");
            }
        }
        else if (missing.Count > 0)
        {
            return null;
        }

        return columns.ToDictionary(c => c, c => positions[c.Trim()], StringComparer.OrdinalIgnoreCase);
    }

    private static bool Matches(SkipRule rule, object? cell)
    {
        var text = CellText(cell);
        return (rule.Empty is true && text.Length == 0)
            || (rule.EqualsText is not null && string.Equals(text, rule.EqualsText.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static string FieldText(string field, FieldSource source, object? cell)
    {
        var isDate = field is ReportFields.OccurredOn or ReportFields.PublishedAt;
        if (isDate && cell is DateTime dateTime)
        {
            return field == ReportFields.OccurredOn
                ? dateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : dateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        }

        var text = CellText(cell);
        if (source.Map is not null && source.Map.FirstOrDefault(p => string.Equals(p.Key.Trim(), text, StringComparison.OrdinalIgnoreCase)) is { Value: { } mapped })
        {
            text = mapped;
        }

        if (isDate && source.Format is not null
            && DateTime.TryParseExact(text, source.Format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return field == ReportFields.OccurredOn
                ? parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : parsed.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        }

        return text;
    }

    /// <summary>A cell as text: numbers without a spurious ".0" (Excel stores 5030000 as a double), dates as yyyy-MM-dd.</summary>
    private static string CellText(object? cell) => cell switch
    {
        null => "",
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => cell.ToString()?.Trim() ?? "",
    };
}
