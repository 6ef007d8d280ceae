namespace Vigia.Cli.Import;

/// <summary>
/// The fields an input row names, as the documented CSV columns call them; a layout maps a file's own columns onto the
/// same names, plus <see cref="VictimCount"/> and <see cref="VictimCategory"/> for sheets with one count per line.
/// </summary>
internal static class ReportFields
{
    public const string Source = "source";
    public const string SourceRecordId = "source_record_id";
    public const string Url = "url";
    public const string PublishedAt = "published_at";
    public const string OccurredOn = "occurred_on";
    public const string DatePrecision = "date_precision";
    public const string Country = "country";
    public const string Admin1 = "admin1";
    public const string Admin2 = "admin2";
    public const string IncidentType = "incident_type";
    public const string Victims = "victims";
    public const string Perpetrator = "perpetrator";
    public const string Description = "description";
    public const string Language = "language";
    public const string VictimCount = "victim_count";
    public const string VictimCategory = "victim_category";

    /// <summary>The CSV format's columns, in their documented order.</summary>
    public static readonly string[] CsvColumns =
    [
        Source, SourceRecordId, Url, PublishedAt, OccurredOn, DatePrecision, Country, Admin1, Admin2, IncidentType, Victims,
        Perpetrator, Description, Language,
    ];

    /// <summary>What a layout may map: the CSV columns and the one-count-per-line pair.</summary>
    public static readonly string[] LayoutFields = [.. CsvColumns, VictimCount, VictimCategory];
}
