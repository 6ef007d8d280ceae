namespace Vigia.Contracts.Places;

/// <summary>
/// The place lists' file shape (the gazetteers, the 2024 reform): comma-separated cells, a header line, and
/// blank or <c>#</c> lines for provenance notes. One reader for all of them, checking each line's cell count.
/// </summary>
public static class PlaceDataFile
{
    /// <summary>The data lines' cells, after the header; throws on a line without <paramref name="cells"/> cells.</summary>
    public static IEnumerable<string[]> Rows(TextReader reader, int cells)
    {
        var header = true;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            var row = line.Split(',');
            yield return row.Length == cells ? row : throw new InvalidDataException($"Place data line '{line}' does not have {cells} cells.");
        }
    }
}
