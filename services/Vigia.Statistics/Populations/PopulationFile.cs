using System.Globalization;
using Vigia.Contracts.Selectors;
using Vigia.Statistics.Projection;

namespace Vigia.Statistics.Populations;

/// <summary>
/// Reads a population file (<c>country,admin1,year,population</c>, admin1 empty for the national
/// total, lines starting with # ignored): the shipped files (El Salvador's, Colombia's; Populations/README.md gives their
/// sources), or the one the setting <see cref="SettingKey"/> points at.
/// </summary>
public static class PopulationFile
{
    public const string SettingKey = "Vigia:Statistics:PopulationFile";
    private const string EmbeddedPrefix = "Vigia.Statistics.Populations.";

    public static PopulationTable Load(string? path)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            using var file = File.OpenText(path);
            return new PopulationTable(Parse(file, path), path);
        }

        var assembly = typeof(PopulationFile).Assembly;
        var rows = new List<PopulationRow>();
        foreach (var name in assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(EmbeddedPrefix, StringComparison.Ordinal) && n.EndsWith(".csv", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            rows.AddRange(Parse(reader, $"embedded {name[EmbeddedPrefix.Length..]}"));
        }

        return rows.Count > 0
            ? new PopulationTable(rows, "embedded El Salvador and Colombia figures")
            : throw new InvalidOperationException($"No embedded resource {EmbeddedPrefix}*.csv.");
    }

    public static IReadOnlyList<PopulationRow> Parse(TextReader reader, string origin)
    {
        var rows = new List<PopulationRow>();
        var lineNumber = 0;
        var headerSeen = false;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(',');
            if (!headerSeen)
            {
                headerSeen = true;
                if (fields.Length == 4 && fields[0].Trim().Equals("country", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
            }

            if (fields.Length != 4
                || SelectorValues.PlaceCode(fields[0]) is not { } country
                || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var year)
                || !long.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var population)
                || population <= 0)
            {
                throw new FormatException(
                    $"{origin}, line {lineNumber}: expected 'country,admin1,year,population' with a positive population, got '{line}'.");
            }

            rows.Add(new PopulationRow(country, SelectorValues.PlaceCode(fields[1]), year, population));
        }

        return rows;
    }
}
