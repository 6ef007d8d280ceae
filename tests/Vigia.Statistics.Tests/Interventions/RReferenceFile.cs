using System.Globalization;
using Vigia.Common.V1;
using Vigia.Statistics.Interventions;

namespace Vigia.Statistics.Tests.Interventions;

/// <summary>Reads what make_reference.R wrote (Interventions/RReference): "#" lines name the R call, then a header and rows.</summary>
internal static class RReferenceFile
{
    /// <summary>The start of the simulated interventions (the panels' and the series').</summary>
    public static readonly DateOnly PanelStart = new(2015, 1, 1);
    public static readonly DateOnly SeriesStart = new(2016, 1, 1);

    public static List<Dictionary<string, string>> Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Interventions", "RReference", name);
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

    public static Dictionary<string, string> Row(string file, string keyColumn, string key) =>
        Read(file).Single(r => r[keyColumn] == key);

    /// <summary>A did_&lt;name&gt;.csv panel: places in file order (treated first), months in order.</summary>
    public static CountPanel Panel(string name, Func<string, bool>? keepPlace = null)
    {
        var rows = Read($"did_{name}.csv").Where(r => keepPlace?.Invoke(r["place"]) ?? true).ToList();
        var places = rows.Select(r => r["place"]).Distinct().ToList();
        var periods = rows.Select(r => DateOnly.Parse(r["period"], CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        var counts = new double[places.Count, periods.Count];
        foreach (var row in rows)
        {
            counts[places.IndexOf(row["place"]), periods.IndexOf(DateOnly.Parse(row["period"], CultureInfo.InvariantCulture))] = row.Number("y");
        }

        var treated = places.Select(p => rows.First(r => r["place"] == p)["treated"] == "1").ToList();
        return new CountPanel(places, treated, periods, [.. periods.Select(p => MonthsFrom(PanelStart, p))], counts, Granularity.Month);
    }

    /// <summary>its_series.csv as a panel of one treated place.</summary>
    public static CountPanel Series()
    {
        var rows = Read("its_series.csv");
        var periods = rows.Select(r => DateOnly.Parse(r["period"], CultureInfo.InvariantCulture)).ToList();
        var counts = new double[1, periods.Count];
        for (var t = 0; t < periods.Count; t++)
        {
            counts[0, t] = rows[t].Number("y");
        }

        return new CountPanel(["all"], [true], periods, [.. periods.Select(p => MonthsFrom(SeriesStart, p))], counts, Granularity.Month);
    }

    private static int MonthsFrom(DateOnly start, DateOnly month) => ((month.Year - start.Year) * 12) + month.Month - start.Month;
}
