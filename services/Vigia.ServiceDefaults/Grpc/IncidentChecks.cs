using Vigia.Common.V1;
using Vigia.Contracts.Messages;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>
/// What an incident's fields may hold, checked the same way wherever they enter: a report submitted to ingestion
/// and an amendment to the registry. The bounds are the columns' (and the platform's) own; see docs/limits.md.
/// </summary>
public static class IncidentChecks
{
    public const int MaxDescriptionLength = 20_000;

    /// <summary>Longest perpetrator text; it becomes a code of at most 64 characters.</summary>
    public const int MaxPerpetratorLength = 200;

    /// <summary>Longest department or municipality, as a code or as a name.</summary>
    public const int MaxPlaceTextLength = 200;

    public const int MaxVictimsPerEntry = 100_000;

    /// <summary>No incident the observatory records comes near; the bound keeps every sum far from overflow.</summary>
    public const int MaxVictimsPerIncident = 100_000;

    /// <summary>Eight categories, each of which a source may split into several entries.</summary>
    public const int MaxVictimEntries = 100;

    /// <summary>Nothing earlier: the observatory's series start in the 1990s, and older dates are typos.</summary>
    public static readonly DateOnly EarliestDate = new(1990, 1, 1);

    /// <summary>The day an incident happened: a real date, not before <see cref="EarliestDate"/>, not after <paramref name="today"/>.</summary>
    public static DateOnly? OccurredOn(this FieldViolations violations, Google.Type.Date? value, string field, DateOnly today)
    {
        if (violations.Date(value, field) is not { } date)
        {
            return null;
        }

        if (date > today)
        {
            violations.Add(field, $"must not be in the future (was {date:yyyy-MM-dd})");
            return null;
        }

        if (date < EarliestDate)
        {
            violations.Add(field, $"must not be before {EarliestDate:yyyy-MM-dd} (was {date:yyyy-MM-dd})");
            return null;
        }

        return date;
    }

    /// <summary>
    /// Victims entry by entry (a known category, 1 to <see cref="MaxVictimsPerEntry"/>), at most
    /// <see cref="MaxVictimEntries"/> entries and <see cref="MaxVictimsPerIncident"/> in all, merged by category in
    /// the order categories first appear: "2 civilians, 1 police officer, 1 civilian" is 3 civilians and 1 police officer.
    /// </summary>
    public static List<VictimCount> Victims(this FieldViolations violations, IReadOnlyList<Victims> victims, string field)
    {
        var merged = new List<VictimCount>();
        if (victims.Count > MaxVictimEntries)
        {
            violations.Add(field, $"at most {MaxVictimEntries} entries (was {victims.Count:N0}); give one entry per category");
            return merged;
        }

        long total = 0;
        for (var i = 0; i < victims.Count; i++)
        {
            var entry = victims[i];
            var valid = true;
            if (entry.Category == VictimCategory.Unspecified || !Enum.IsDefined(entry.Category))
            {
                violations.Known(entry.Category, VictimCategory.Unspecified, $"{field}[{i}].category");
                valid = false;
            }

            if (entry.Count < 1)
            {
                violations.Add($"{field}[{i}].count", $"must be at least 1 (was {entry.Count})");
                valid = false;
            }
            else if (entry.Count > MaxVictimsPerEntry)
            {
                violations.Add($"{field}[{i}].count", $"must be at most {MaxVictimsPerEntry:N0} (was {entry.Count:N0})");
                valid = false;
            }

            if (!valid)
            {
                continue;
            }

            total += entry.Count;
            var index = merged.FindIndex(v => v.Category == entry.Category);
            if (index < 0)
            {
                merged.Add(new VictimCount { Category = entry.Category, Count = entry.Count });
            }
            else
            {
                // Entries are few and bounded (MaxVictimEntries x MaxVictimsPerEntry), so no sum can overflow.
                merged[index] = merged[index] with { Count = merged[index].Count + entry.Count };
            }
        }

        if (total > MaxVictimsPerIncident)
        {
            violations.Add(field, $"at most {MaxVictimsPerIncident:N0} victims in all (was {total:N0})");
        }

        return merged;
    }

    /// <summary>A department or municipality as a source wrote it (a code or a name).</summary>
    public static string? PlaceText(this FieldViolations violations, string? value, string field) =>
        violations.Text(value, field, MaxPlaceTextLength);

    public static string? Perpetrator(this FieldViolations violations, string? value, string field, bool required = false) =>
        violations.Text(value, field, MaxPerpetratorLength, required);

    public static string? Description(this FieldViolations violations, string? value, string field) =>
        violations.Text(value, field, MaxDescriptionLength, multiline: true);
}
