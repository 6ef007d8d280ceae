using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace Vigia.Cli.Tests.Support;

/// <summary>
/// The expected figures of a DIJIN homicide sheet, read straight from the workbook without the import's layout code:
/// the sum of CANTIDAD per DEPARTAMENTO (and MUNICIPIO) over every dated line.
/// </summary>
internal static class DijinSheet
{
    public static Dictionary<string, int> VictimsByDepartment(string path) =>
        VictimsByPlace(path).GroupBy(p => p.Key.Department).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);

    /// <summary>Victims per (DEPARTAMENTO, MUNICIPIO) as the sheet writes them ("ANTIOQUIA", "MEDELLÍN (CT)").</summary>
    public static Dictionary<(string Department, string Municipality), int> VictimsByPlace(string path)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var stream = File.OpenRead(path);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        int department = -1, municipality = -1, date = -1, count = -1;
        var victims = new Dictionary<(string, string), int>();
        while (reader.Read())
        {
            if (department < 0)
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    switch (reader.GetValue(i)?.ToString()?.Trim())
                    {
                        case "DEPARTAMENTO":
                            department = i;
                            break;
                        case "MUNICIPIO":
                            municipality = i;
                            break;
                        case "FECHA HECHO" or "FECHA DE HECHO":
                            date = i;
                            break;
                        case "CANTIDAD":
                            count = i;
                            break;
                    }
                }

                continue;
            }

            if (reader.GetValue(date) is not DateTime)
            {
                continue;
            }

            var place = (reader.GetValue(department).ToString()!.Trim(), reader.GetValue(municipality).ToString()!.Trim());
            victims[place] = victims.GetValueOrDefault(place) + Convert.ToInt32(reader.GetValue(count), CultureInfo.InvariantCulture);
        }

        return victims;
    }
}
