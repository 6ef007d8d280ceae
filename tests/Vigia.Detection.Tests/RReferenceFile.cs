using System.Globalization;

namespace Vigia.Detection.Tests;

/// <summary>Reads a CSV of numbers recorded from R (RReference/*.csv): "#" lines name the R call, then a header and rows.</summary>
internal static class RReferenceFile
{
    public static List<Dictionary<string, string>> Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "RReference", name);
        var lines = File.ReadAllLines(path).Where(l => !l.StartsWith('#') && l.Trim().Length > 0).ToList();
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        return [.. lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            return header.Select((h, i) => (h, cells[i].Trim())).ToDictionary(x => x.h, x => x.Item2);
        })];
    }

    public static double Number(this Dictionary<string, string> row, string column) =>
        double.Parse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture);
}
