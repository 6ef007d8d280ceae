using System.Globalization;
using Vigia.Contracts.Selectors;
using Vigia.Statistics.Projection;

namespace Vigia.Statistics.Populations;

/// <summary>
/// Reads a population file (<c>country,admin1,year,population</c>, admin1 empty for the national
/// total, lines starting with # ignored): the shipped El Salvador file, or the one the setting
/// <see cref="SettingKey"/> points at.
/// </summary>
public static class PopulationFile
{
    public const string SettingKey = "Vigia:Statistics:PopulationFile";
    private const string EmbeddedName = "Vigia.Statistics.Populations.el-salvador-population.csv";

    public static PopulationTable Load(string? path)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            using var file = File.OpenText(path);
            return new PopulationTable(Parse(file, path), path);
        }

        using var stream = typeof(PopulationFile).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidOperationException($"The embedded resource {EmbeddedName} is missing.");
        using var reader = new StreamReader(stream);
        return new PopulationTable(Parse(reader, "embedded el-salvador-population.csv"), "embedded El Salvador projections");
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
