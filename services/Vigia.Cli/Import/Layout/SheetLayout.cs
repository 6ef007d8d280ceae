using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigia.Cli.Import.Layout;

/// <summary>
/// How to read a spreadsheet (or a CSV of another shape) as reports: which sheet, which row holds the headers, where
/// each report field comes from, and which rows are not reports. docs/intake.md is the reference.
/// </summary>
internal sealed record SheetLayout
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A misspelt key ("headerrow") must fail, not be ignored.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>What the layout is for, for people.</summary>
    public string? Description { get; init; }

    /// <summary>The sheet's name; the first sheet when left out.</summary>
    public string? Sheet { get; init; }

    /// <summary>The header row, counted from 1 as spreadsheets show it; when left out, the first row that holds every column the layout names.</summary>
    public int? HeaderRow { get; init; }

    /// <summary>Where each report field (the CSV format's column names, plus victim_count and victim_category) comes from.</summary>
    public Dictionary<string, FieldSource> Fields { get; init; } = [];

    /// <summary>Rows that are not reports (totals, footnotes); any matching rule skips the row.</summary>
    public List<SkipRule> Skip { get; init; } = [];

    /// <summary>Every column header the layout reads, in the order first named.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Columns =>
        [.. Fields.Values.Select(f => f.Column).Concat(Skip.Select(s => s.Column)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];

    public static SheetLayout Load(string path)
    {
        SheetLayout? layout;
        try
        {
            using var stream = File.OpenRead(path);
            layout = JsonSerializer.Deserialize<SheetLayout>(stream, s_json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a layout: {e.Message}", e);
        }

        if (layout is null)
        {
            throw new InvalidDataException($"{path}: empty layout.");
        }

        var problems = layout.Problems().ToList();
        return problems.Count == 0 ? layout : throw new InvalidDataException($"{path}: {string.Join("; ", problems)}.");
    }

    private IEnumerable<string> Problems()
    {
        if (HeaderRow is < 1)
        {
            yield return "headerRow counts from 1";
        }

        foreach (var (field, source) in Fields)
        {
            if (!ReportFields.LayoutFields.Contains(field))
            {
                yield return $"unknown field '{field}' (fields: {string.Join(", ", ReportFields.LayoutFields)})";
            }

            if ((source.Column is null) == (source.Value is null))
            {
                yield return $"field '{field}' needs exactly one of column and value";
            }
        }

        foreach (var rule in Skip)
        {
            if (string.IsNullOrWhiteSpace(rule.Column) || (rule.Empty is not true && rule.EqualsText is null))
            {
                yield return "a skip rule needs a column and either \"empty\": true or \"equals\"";
            }
        }
    }
}

/// <summary>A report field from a column (optionally through a value map and, for dates written as text, a format) or a fixed value.</summary>
internal sealed record FieldSource
{
    public string? Column { get; init; }

    public string? Value { get; init; }

    /// <summary>For occurred_on or published_at written as text: its .NET date format, e.g. dd/MM/yyyy.</summary>
    public string? Format { get; init; }

    /// <summary>Replaces a cell's text (compared trimmed, ignoring case) before it is read; other texts pass unchanged.</summary>
    public Dictionary<string, string>? Map { get; init; }
}

/// <summary>Skips a row whose cell in <see cref="Column"/> is empty, or equals a text (trimmed, ignoring case).</summary>
internal sealed record SkipRule
{
    public string Column { get; init; } = "";

    public bool? Empty { get; init; }

    [JsonPropertyName("equals")]
    public string? EqualsText { get; init; }
}
