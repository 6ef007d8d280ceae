using System.Text.Json.Serialization;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Registry.V1;

namespace Vigia.Registry.Incidents;

/// <summary>
/// What happened, once, merged from one or more reports: the current state of the record. Every
/// change goes through <see cref="RecordChange"/>, which bumps the version and writes the version row.
/// </summary>
public class Incident
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public IncidentState State { get; set; } = IncidentState.Active;
    public DateOnly OccurredOn { get; set; }
    public DatePrecision DatePrecision { get; set; } = DatePrecision.Day;
    public string CountryCode { get; set; } = "";
    public string? Admin1 { get; set; }
    public string? Admin1Name { get; set; }
    public string? Admin2 { get; set; }
    public string? Admin2Name { get; set; }
    public IncidentType IncidentType { get; set; }
    public List<Victim> Victims { get; set; } = [];
    public string Perpetrator { get; set; } = "";
    public string? Description { get; set; }
    public List<IncidentSource> Sources { get; set; } = [];

    /// <summary>
    /// The source that fed every one of <see cref="Sources"/>, or null when several did (or, for an incident stored before
    /// the column, when it was never worked out). The merge candidates' query leaves out an incident the report's own
    /// source fed: with the name on the row it does so without reading the incident's sources, which in a one-source
    /// back-fill is every incident near every report: over a million-report back-fill the candidate query averaged 97 ms
    /// a batch, 55 with the name on the row (docs/benchmarks.md, thirty-second session).
    /// Null sends the query to the sources, so a null is never wrong; a name is set only from the whole list. Not part
    /// of the incident's record (its versions' snapshots).
    /// </summary>
    [JsonIgnore]
    public string? SoleSource { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    [JsonIgnore]
    public bool IsActive => State == IncidentState.Active;

    /// <summary>Sets <see cref="SoleSource"/> from the incident's sources, all of which must be loaded.</summary>
    public void NoteSources() =>
        SoleSource = Sources.Count > 0 && Sources.TrueForAll(s => string.Equals(s.Source, Sources[0].Source, StringComparison.Ordinal)) ? Sources[0].Source : null;

    /// <summary>Bumps the version and returns the row that records who changed it, when, why, and how it now stands.</summary>
    public IncidentVersion RecordChange(ChangeKind kind, string changedBy, string reason, DateTime now)
    {
        Version++;
        UpdatedAt = now;
        if (kind == ChangeKind.Created)
        {
            CreatedAt = now;
        }

        return IncidentVersion.Of(this, kind, changedBy, reason, now);
    }

    /// <summary>Replaces the fields named in <paramref name="fields"/> with those of <paramref name="values"/>.</summary>
    public void Amend(AmendedFields fields, Incident values)
    {
        if (fields.HasFlag(AmendedFields.OccurredOn))
        {
            OccurredOn = values.OccurredOn;
        }

        if (fields.HasFlag(AmendedFields.DatePrecision))
        {
            DatePrecision = values.DatePrecision;
        }

        if (fields.HasFlag(AmendedFields.CountryCode))
        {
            CountryCode = values.CountryCode;
        }

        if (fields.HasFlag(AmendedFields.Admin1))
        {
            Admin1 = values.Admin1;
            Admin1Name = values.Admin1Name;
        }

        if (fields.HasFlag(AmendedFields.Admin2))
        {
            Admin2 = values.Admin2;
            Admin2Name = values.Admin2Name;
        }

        if (fields.HasFlag(AmendedFields.IncidentType))
        {
            IncidentType = values.IncidentType;
        }

        if (fields.HasFlag(AmendedFields.Victims))
        {
            SetVictims(values.Victims);
        }

        if (fields.HasFlag(AmendedFields.Perpetrator))
        {
            Perpetrator = values.Perpetrator;
        }

        if (fields.HasFlag(AmendedFields.Description))
        {
            Description = values.Description;
        }
    }

    public void Retract() => State = IncidentState.Retracted;

    /// <summary>Sets the victim counts, updating rows in place so the owned rows keep their keys.</summary>
    public void SetVictims(IReadOnlyCollection<Victim> victims)
    {
        Victims.RemoveAll(existing => !victims.Any(v => v.Category == existing.Category && v.Count > 0));
        foreach (var victim in victims.Where(v => v.Count > 0))
        {
            var existing = Victims.Find(v => v.Category == victim.Category);
            if (existing is null)
            {
                Victims.Add(new Victim { Category = victim.Category, Count = victim.Count });
            }
            else
            {
                existing.Count = victim.Count;
            }
        }
    }

    /// <summary>The incident as statistics and alerting count it.</summary>
    public IncidentSnapshot ToSnapshot() => new()
    {
        IncidentId = Id,
        Version = Version,
        OccurredOn = OccurredOn,
        DatePrecision = DatePrecision,
        CountryCode = CountryCode,
        Admin1 = Admin1,
        Admin2 = Admin2,
        IncidentType = IncidentType,
        Victims = [.. Victims.Where(v => v.Count > 0).OrderBy(v => v.Category).Select(v => new VictimCount { Category = v.Category, Count = v.Count })],
        Perpetrator = Perpetrator,
        Retracted = State == IncidentState.Retracted,
        RecordedAt = DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc),
    };
}
