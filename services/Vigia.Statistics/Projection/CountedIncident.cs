using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;

namespace Vigia.Statistics.Projection;

/// <summary>
/// An incident as statistics counts it: its latest version only. A retracted incident keeps its
/// row (so an older version arriving late is still recognised as stale) but counts nowhere.
/// </summary>
public class CountedIncident
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public DateOnly OccurredOn { get; set; }
    public DatePrecision Precision { get; set; }
    public required string CountryCode { get; set; }
    public string? Admin1 { get; set; }
    public string? Admin2 { get; set; }
    public IncidentType IncidentType { get; set; }

    /// <summary>As the registry spelled it; what SeriesChanged hands back as the previous version.</summary>
    public required string Perpetrator { get; set; }

    /// <summary>Trimmed and lower-case: what selectors match and what PERPETRATOR series are keyed by.</summary>
    public required string PerpetratorKey { get; set; }

    public bool Retracted { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<CountedVictims> Victims { get; set; } = [];

    /// <summary>
    /// Victims over every category, the sum of <see cref="Victims"/>: a VICTIMS count without a category filter (the
    /// default homicide rules' series, read by alerting for every change) sums it without joining the victims.
    /// </summary>
    public int VictimCount { get; set; }

    public static CountedIncident From(IncidentSnapshot snapshot, DateTime now)
    {
        var incident = new CountedIncident
        {
            Id = snapshot.IncidentId,
            CountryCode = "",
            Perpetrator = "",
            PerpetratorKey = "",
        };
        incident.Apply(snapshot, now);
        return incident;
    }

    /// <summary>Moves this incident to the snapshot's version: date, place, type, victims, state.</summary>
    public void Apply(IncidentSnapshot snapshot, DateTime now)
    {
        Version = snapshot.Version;
        OccurredOn = snapshot.OccurredOn;
        Precision = snapshot.DatePrecision;
        CountryCode = SelectorValues.PlaceCode(snapshot.CountryCode) ?? "";
        Admin1 = SelectorValues.PlaceCode(snapshot.Admin1);
        Admin2 = SelectorValues.PlaceCode(snapshot.Admin2);
        IncidentType = snapshot.IncidentType;
        Perpetrator = snapshot.Perpetrator?.Trim() ?? "";
        PerpetratorKey = SelectorValues.Perpetrator(snapshot.Perpetrator);
        Retracted = snapshot.Retracted;
        UpdatedAt = now;

        var counts = VictimCounts(snapshot);
        VictimCount = counts.Values.Sum();

        // Updated in place rather than replaced: a removed and re-added row with the same key would
        // collide in the change tracker.
        Victims.RemoveAll(v => !counts.ContainsKey(v.Category));
        foreach (var (category, count) in counts)
        {
            var existing = Victims.Find(v => v.Category == category);
            if (existing is null)
            {
                Victims.Add(new CountedVictims { IncidentId = Id, Category = category, Count = count });
            }
            else
            {
                existing.Count = count;
            }
        }
    }

    /// <summary>Victims per category; a snapshot that lists a category twice has its counts added up.</summary>
    public static Dictionary<VictimCategory, int> VictimCounts(IncidentSnapshot snapshot) => snapshot.Victims
        .Where(v => v.Count > 0 && v.Category != VictimCategory.Unspecified)
        .GroupBy(v => v.Category)
        .ToDictionary(g => g.Key, g => g.Sum(v => v.Count));

    /// <summary>The version this row holds, as a snapshot: the "previous" of a change.</summary>
    public IncidentSnapshot ToSnapshot() => new()
    {
        IncidentId = Id,
        Version = Version,
        OccurredOn = OccurredOn,
        DatePrecision = Precision,
        CountryCode = CountryCode,
        Admin1 = Admin1,
        Admin2 = Admin2,
        IncidentType = IncidentType,
        Victims = [.. Victims.OrderBy(v => v.Category).Select(v => new VictimCount { Category = v.Category, Count = v.Count })],
        Perpetrator = Perpetrator,
        Retracted = Retracted,
    };
}
