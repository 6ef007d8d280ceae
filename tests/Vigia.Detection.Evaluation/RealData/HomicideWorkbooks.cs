using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace Vigia.Detection.Evaluation.RealData;

/// <summary>
/// Reads the Colombian National Police homicide workbooks (shared/data/real): one row per incident line with department,
/// date and number of victims, under a ten-row letterhead; footnotes and a TOTAL row at the end are skipped.
/// </summary>
internal static class HomicideWorkbooks
{
    public static readonly string[] Files = ["homicidios_20032010.xlsx", "homicidios_2011.xlsx", "homicidios_2012.xlsx"];

    /// <summary>Victims per (department, date) over every workbook in <paramref name="directory"/>.</summary>
    public static Dictionary<(string Department, DateOnly Date), double> ReadVictims(string directory)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var victims = new Dictionary<(string, DateOnly), double>();
        foreach (var file in Files)
        {
            var path = Path.Combine(directory, file);
            using var stream = File.OpenRead(path);
            using var reader = ExcelReaderFactory.CreateReader(stream);
            int department = -1, date = -1, count = -1;
            while (reader.Read())
            {
                if (department < 0)
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var header = Normalise(reader.GetValue(i)?.ToString());
                        if (header == "DEPARTAMENTO")
                        {
                            department = i;
                        }
                        else if (header.StartsWith("FECHA", StringComparison.Ordinal))
                        {
                            date = i;
                        }
                        else if (header == "CANTIDAD")
                        {
                            count = i;
                        }
                    }

                    if (department >= 0 && (date < 0 || count < 0))
                    {
                        throw new InvalidDataException($"{file}: found DEPARTAMENTO but no FECHA/CANTIDAD column.");
                    }

                    continue;
                }

                var name = Normalise(reader.GetValue(department)?.ToString());
                var day = AsDate(reader.GetValue(date));
                if (name.Length == 0 || name == "TOTAL" || day is null)
                {
                    continue;
                }

                var n = Convert.ToDouble(reader.GetValue(count) ?? 0.0, CultureInfo.InvariantCulture);
                var key = (name, day.Value);
                victims[key] = victims.GetValueOrDefault(key) + n;
            }

            if (department < 0)
            {
                throw new InvalidDataException($"{file}: no DEPARTAMENTO header row.");
            }
        }

        return victims;
    }

    private static DateOnly? AsDate(object? value) => value switch
    {
        DateTime d => DateOnly.FromDateTime(d),
        double oa => DateOnly.FromDateTime(DateTime.FromOADate(oa)),
        _ => null,
    };

    /// <summary>Upper case without accents, so "NARIÑO" and "NARINO" are one department.</summary>
    private static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var decomposed = text.Trim().ToUpperInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
