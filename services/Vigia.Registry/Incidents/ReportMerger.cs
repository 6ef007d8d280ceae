using MassTransit;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.Registry.V1;

namespace Vigia.Registry.Incidents;

/// <summary>
/// Decides, without I/O, which incident each accepted report belongs to. A report merges into an
/// active incident of the same country, department (and municipality when both name one) and type,
/// on the same day give or take one (same week or month when either date is coarser), with
/// overlapping victim categories (or no victims on either side), that no report of the same source
/// fed yet: one source's two records are two incidents. Otherwise it creates a new incident.
/// </summary>
public static class ReportMerger
{
    private static readonly HashSet<string> s_unknownPerpetrators = new(StringComparer.OrdinalIgnoreCase) { "", "unknown", "desconocido" };

    /// <summary>
    /// Merges a batch in memory. <paramref name="recorded"/> maps (source, source record id) to the
    /// incident that report already fed; <paramref name="candidates"/> are the stored incidents the
    /// batch may merge into (tracked: merges change them in place). Incidents the batch creates are
    /// candidates for the reports after them.
    /// </summary>
    public static MergedBatch MergeBatch(
        IReadOnlyList<AcceptedReport> reports,
        IReadOnlyDictionary<(string Source, string SourceRecordId), Guid> recorded,
        IEnumerable<Incident> candidates,
        DateTime now)
    {
        var byPlace = candidates.Where(i => i.IsActive).ToLookup(PlaceKey).ToDictionary(g => g.Key, g => g.ToList());
        var seen = new Dictionary<(string, string), Guid>(recorded);
        var batch = new MergedBatch();
        foreach (var report in reports)
        {
            if (seen.TryGetValue((report.Source, report.SourceRecordId), out var existing))
            {
                batch.Recorded.Add(new RecordedReport { ReportId = report.ReportId, IncidentId = existing });
                continue;
            }

            var key = PlaceKey(report);
            if (!byPlace.TryGetValue(key, out var atPlace))
            {
                atPlace = [];
                byPlace[key] = atPlace;
            }

            var changedBy = $"ingestion:{report.Source}";
            var reason = $"report {report.ReportId} from {report.Source}";
            var incident = FindIncident(report, atPlace);
            if (incident is null)
            {
                incident = CreateIncident(report, now);
                atPlace.Add(incident);
                batch.Created.Add(incident);
                batch.Versions.Add(incident.RecordChange(ChangeKind.Created, changedBy, reason, now));
            }
            else
            {
                var source = MergeInto(incident, report, now);
                batch.AddedSources.Add(source);
                batch.Versions.Add(incident.RecordChange(ChangeKind.Merged, changedBy, reason, now));
            }

            batch.MarkChanged(incident);
            seen[(report.Source, report.SourceRecordId)] = incident.Id;
            batch.Recorded.Add(new RecordedReport { ReportId = report.ReportId, IncidentId = incident.Id });
        }

        return batch;
    }

    /// <summary>The best incident for the report among <paramref name="candidates"/>, or null when none fits.</summary>
    public static Incident? FindIncident(AcceptedReport report, IEnumerable<Incident> candidates) =>
        candidates
            .Where(i => BelongsTo(report, i))
            .OrderBy(i => Math.Abs(i.OccurredOn.DayNumber - report.OccurredOn.DayNumber))
            .ThenBy(i => i.CreatedAt)
            // Ids come from NewId: in its own order they are creation order (Guid.CompareTo is not).
            .ThenBy(i => i.Id.ToNewId())
            .FirstOrDefault();

    /// <summary>Whether the report describes this incident (the merge rule).</summary>
    public static bool BelongsTo(AcceptedReport report, Incident incident) =>
        incident.IsActive
        && string.Equals(incident.CountryCode, SelectorValues.PlaceCode(report.CountryCode), StringComparison.Ordinal)
        && string.Equals(incident.Admin1 ?? "", SelectorValues.PlaceCode(report.Admin1) ?? "", StringComparison.Ordinal)
        && (string.IsNullOrEmpty(incident.Admin2) || string.IsNullOrWhiteSpace(report.Admin2)
            || string.Equals(incident.Admin2, report.Admin2.Trim(), StringComparison.OrdinalIgnoreCase))
        && incident.IncidentType == report.IncidentType
        && SamePeriod(incident.OccurredOn, incident.DatePrecision, report.OccurredOn, report.DatePrecision)
        && VictimsOverlap(incident.Victims.Where(v => v.Count > 0).Select(v => v.Category), report.Victims.Where(v => v.Count > 0).Select(v => v.Category))
        && !incident.Sources.Any(s => string.Equals(s.Source, report.Source, StringComparison.Ordinal));

    /// <summary>Within a day of each other when both are known to the day; in the same ISO week or month otherwise.</summary>
    public static bool SamePeriod(DateOnly a, DatePrecision aPrecision, DateOnly b, DatePrecision bPrecision)
    {
        var coarser = (DatePrecision)Math.Max((int)OrDay(aPrecision), (int)OrDay(bPrecision));
        return coarser switch
        {
            DatePrecision.Day => Math.Abs(a.DayNumber - b.DayNumber) <= 1,
            DatePrecision.Week => WeekStart(a) == WeekStart(b),
            _ => a.Year == b.Year && a.Month == b.Month,
        };
    }

    public static Incident CreateIncident(AcceptedReport report, DateTime now)
    {
        var incident = new Incident
        {
            Id = NewId.NextGuid(),
            State = IncidentState.Active,
            OccurredOn = report.OccurredOn,
            DatePrecision = OrDay(report.DatePrecision),
            CountryCode = SelectorValues.PlaceCode(report.CountryCode)!,
            Admin1 = SelectorValues.PlaceCode(report.Admin1),
            Admin1Name = EmptyToNull(report.Admin1Name),
            Admin2 = EmptyToNull(report.Admin2?.Trim()),
            Admin2Name = EmptyToNull(report.Admin2Name),
            IncidentType = report.IncidentType,
            Victims = Victim.Normalise(report.Victims.Select(v => (v.Category, v.Count))),
            Perpetrator = report.Perpetrator,
            Description = EmptyToNull(report.Description),
            CreatedAt = now,
            UpdatedAt = now,
        };
        incident.Sources.Add(IncidentSource.From(report, NewId.NextGuid(), now));
        return incident;
    }

    /// <summary>
    /// Adds the report as a source. Sources disagree, so per victim category the incident keeps the
    /// largest count any source gave; a named perpetrator replaces "unknown"; a more precise date or
    /// municipality replaces a coarser one.
    /// </summary>
    public static IncidentSource MergeInto(Incident incident, AcceptedReport report, DateTime now)
    {
        var source = IncidentSource.From(report, NewId.NextGuid(), now);
        incident.Sources.Add(source);
        foreach (var victim in source.Victims)
        {
            var existing = incident.Victims.Find(v => v.Category == victim.Category);
            if (existing is null)
            {
                incident.Victims.Add(new Victim { Category = victim.Category, Count = victim.Count });
            }
            else
            {
                existing.Count = Math.Max(existing.Count, victim.Count);
            }
        }

        if (IsUnknownPerpetrator(incident.Perpetrator) && !IsUnknownPerpetrator(report.Perpetrator))
        {
            incident.Perpetrator = report.Perpetrator;
        }

        if ((int)OrDay(report.DatePrecision) < (int)incident.DatePrecision)
        {
            incident.OccurredOn = report.OccurredOn;
            incident.DatePrecision = OrDay(report.DatePrecision);
        }

        if (string.IsNullOrEmpty(incident.Admin2) && !string.IsNullOrWhiteSpace(report.Admin2))
        {
            incident.Admin2 = report.Admin2.Trim();
            incident.Admin2Name = EmptyToNull(report.Admin2Name);
        }

        incident.Admin1Name ??= EmptyToNull(report.Admin1Name);
        incident.Description ??= EmptyToNull(report.Description);
        return source;
    }

    public static bool IsUnknownPerpetrator(string? perpetrator) => s_unknownPerpetrators.Contains(perpetrator?.Trim() ?? "");

    private static bool VictimsOverlap(IEnumerable<VictimCategory> a, IEnumerable<VictimCategory> b)
    {
        var left = a.ToHashSet();
        var right = b.ToHashSet();
        return left.Count == 0 && right.Count == 0 || left.Overlaps(right);
    }

    private static (string?, string?, IncidentType) PlaceKey(Incident incident) => (incident.CountryCode, incident.Admin1, incident.IncidentType);

    private static (string?, string?, IncidentType) PlaceKey(AcceptedReport report) =>
        (SelectorValues.PlaceCode(report.CountryCode), SelectorValues.PlaceCode(report.Admin1), report.IncidentType);

    private static DatePrecision OrDay(DatePrecision precision) => precision == DatePrecision.Unspecified ? DatePrecision.Day : precision;

    /// <summary>The Monday of the ISO week of <paramref name="date"/>.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    private static string? EmptyToNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>What merging one batch did: incidents created, sources added, versions written, and where each report went.</summary>
public sealed class MergedBatch
{
    private readonly HashSet<Guid> _changedIds = [];

    public List<Incident> Created { get; } = [];
    public List<IncidentSource> AddedSources { get; } = [];
    public List<IncidentVersion> Versions { get; } = [];
    public List<Incident> Changed { get; } = [];
    public List<RecordedReport> Recorded { get; } = [];

    internal void MarkChanged(Incident incident)
    {
        if (_changedIds.Add(incident.Id))
        {
            Changed.Add(incident);
        }
    }
}
