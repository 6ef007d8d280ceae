using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Persistence;

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
    /// batch may merge into, and <paramref name="correctable"/> the stored incidents that the batch's
    /// corrections (revision above 1) fed (both tracked: merges and corrections change them in place).
    /// Incidents the batch creates are candidates for the reports after them.
    /// </summary>
    public static MergedBatch MergeBatch(
        IReadOnlyList<AcceptedReport> reports,
        IReadOnlyDictionary<(string Source, string SourceRecordId), Guid> recorded,
        IEnumerable<Incident> candidates,
        IEnumerable<Incident> correctable,
        DateTime now)
    {
        var known = new Dictionary<Guid, Incident>();
        foreach (var incident in candidates.Concat(correctable))
        {
            known.TryAdd(incident.Id, incident);
        }

        var byPlace = known.Values.Where(i => i.IsActive).ToLookup(PlaceKey).ToDictionary(g => g.Key, g => g.ToList());
        var seen = new Dictionary<(string, string), Guid>(recorded);
        var batch = new MergedBatch();
        foreach (var report in reports)
        {
            var changedBy = $"ingestion:{report.Source}";
            if (seen.TryGetValue((report.Source, report.SourceRecordId), out var existing))
            {
                // Recorded before: a redelivery changes nothing, a newer revision is the source's correction.
                if (known.TryGetValue(existing, out var fed) && Correct(fed, report) is { } reason)
                {
                    batch.Versions.Add(fed.RecordChange(ChangeKind.Corrected, changedBy, reason, now));
                    batch.MarkChanged(fed);
                }

                batch.Recorded.Add(new RecordedReport { ReportId = report.ReportId, IncidentId = existing });
                continue;
            }

            var key = PlaceKey(report);
            if (!byPlace.TryGetValue(key, out var atPlace))
            {
                atPlace = [];
                byPlace[key] = atPlace;
            }

            var why = $"report {report.ReportId} from {report.Source}";
            var incident = FindIncident(report, atPlace);
            if (incident is null)
            {
                incident = CreateIncident(report, now);
                atPlace.Add(incident);
                known[incident.Id] = incident;
                batch.Created.Add(incident);
                batch.Versions.Add(incident.RecordChange(ChangeKind.Created, changedBy, why, now));
            }
            else
            {
                var source = MergeInto(incident, report, now);
                batch.AddedSources.Add(source);
                batch.Versions.Add(incident.RecordChange(ChangeKind.Merged, changedBy, why, now));
            }

            batch.MarkChanged(incident);
            seen[(report.Source, report.SourceRecordId)] = incident.Id;
            batch.Recorded.Add(new RecordedReport { ReportId = report.ReportId, IncidentId = incident.Id });
        }

        return batch;
    }

    /// <summary>
    /// Applies a newer revision of a report that fed <paramref name="incident"/> and recomputes the incident's figures
    /// from its sources; returns the history's reason, or null when the revision is not newer (a redelivery, or an
    /// older correction arriving late). An incident retracted because every source had withdrawn its report counts
    /// again when one of them sends it again; one retracted by a person stays retracted.
    /// </summary>
    public static string? Correct(Incident incident, AcceptedReport report)
    {
        var source = incident.Sources.Find(s => s.Source == report.Source && s.SourceRecordId == report.SourceRecordId);
        if (source is null || report.Revision <= source.Revision)
        {
            return null;
        }

        var noneCounted = !incident.Sources.Any(s => s.Counts);
        var resent = !source.Counts;
        source.Correct(report);
        if (noneCounted && !incident.IsActive)
        {
            incident.State = IncidentState.Active;
        }

        Recompute(incident);
        return resent
            ? $"resent by source {report.Source} after its deletion: report {report.ReportId} (revision {report.Revision})"
            : $"corrected by source {report.Source}: report {report.ReportId} (revision {report.Revision})";
    }

    /// <summary>
    /// The source deleted a report that fed <paramref name="incident"/>: it stops counting and the incident is recomputed
    /// from the others, or retracted when none is left. Returns the change's kind, or null when the withdrawal is not
    /// newer than what the registry holds.
    /// </summary>
    public static ChangeKind? Withdraw(Incident incident, WithdrawnReport report, DateTime now)
    {
        var source = incident.Sources.Find(s => s.Source == report.Source && s.SourceRecordId == report.SourceRecordId);
        if (source is null || report.Revision <= source.Revision)
        {
            return null;
        }

        source.Withdraw(report.Revision, now);
        if (!incident.Sources.Any(s => s.Counts))
        {
            incident.Retract();
            return ChangeKind.Retracted;
        }

        Recompute(incident);
        return ChangeKind.Corrected;
    }

    /// <summary>
    /// Sets the incident's merged fields from the sources that still count, in the order they were added: the first gives
    /// every field, each further one merges as <see cref="MergeInto"/> merges it. A person's earlier amendment of those
    /// fields gives way (it stays in the history).
    /// </summary>
    public static void Recompute(Incident incident)
    {
        incident.NoteSources();
        var sources = incident.Sources.Where(s => s.Counts).OrderBy(s => s.AddedAt).ThenBy(s => s.Id).ToList();
        if (sources.Count == 0)
        {
            return;
        }

        var first = sources[0];
        incident.OccurredOn = first.OccurredOn;
        incident.DatePrecision = first.DatePrecision;
        incident.CountryCode = first.CountryCode;
        incident.Admin1 = first.Admin1;
        incident.Admin1Name = first.Admin1Name;
        incident.Admin2 = first.Admin2;
        incident.Admin2Name = first.Admin2Name;
        incident.IncidentType = first.IncidentType;
        incident.SetVictims(first.Victims);
        incident.Perpetrator = first.Perpetrator;
        incident.Description = first.Description;
        foreach (var source in sources.Skip(1))
        {
            MergeFields(incident, source);
        }
    }

    /// <summary>
    /// Why the merge rule puts the report with this incident, in words: what matched on place, type, dates and victims.
    /// Kept with the report's link so a curator can judge it (and undo it with SplitIncident).
    /// </summary>
    public static string ExplainMerge(AcceptedReport report, Incident incident)
    {
        var place = string.IsNullOrEmpty(incident.Admin2) || string.IsNullOrWhiteSpace(report.Admin2)
            ? $"same place {incident.CountryCode}/{incident.Admin1 ?? "-"}"
            : $"same place {incident.CountryCode}/{incident.Admin1 ?? "-"}/{incident.Admin2}";
        var coarser = (DatePrecision)Math.Max((int)OrDay(incident.DatePrecision), (int)OrDay(report.DatePrecision));
        var dates = coarser == DatePrecision.Day
            ? $"{Math.Abs(incident.OccurredOn.DayNumber - report.OccurredOn.DayNumber)} day(s) apart"
            : $"same {coarser.ToString().ToLowerInvariant()}";
        var shared = incident.Victims.Where(v => v.Count > 0).Select(v => v.Category)
            .Intersect(report.Victims.Where(v => v.Count > 0).Select(v => v.Category))
            .Order()
            .ToList();
        var victims = shared.Count == 0 ? "neither names victims" : $"victim categories overlap ({string.Join(", ", shared)})";
        return $"{place}, type {incident.IncidentType}, {dates}, {victims}, no earlier report from {report.Source}";
    }

    /// <summary>The best incident for the report among <paramref name="candidates"/>, or null when none fits.</summary>
    public static Incident? FindIncident(AcceptedReport report, IEnumerable<Incident> candidates) =>
        candidates
            .Where(i => BelongsTo(report, i))
            .OrderBy(i => Math.Abs(i.OccurredOn.DayNumber - report.OccurredOn.DayNumber))
            .ThenBy(i => i.CreatedAt)
            // Ids are sequential (RowIds): their order is the order they were made in.
            .ThenBy(i => i.Id)
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
        var incident = new Incident { Id = RowIds.Next(), State = IncidentState.Active, CreatedAt = now, UpdatedAt = now };
        var source = IncidentSource.From(report, RowIds.Next(), now, LinkReason.FirstReport, "first report: nothing matched it");
        // Set here, not by the change tracker: new incidents are bulk-inserted without it.
        source.IncidentId = incident.Id;
        incident.Sources.Add(source);
        Recompute(incident);
        return incident;
    }

    /// <summary>Adds the report as a source and merges what it says into the incident (see <see cref="MergeFields"/>).</summary>
    public static IncidentSource MergeInto(Incident incident, AcceptedReport report, DateTime now)
    {
        var source = IncidentSource.From(report, RowIds.Next(), now, LinkReason.MergeRule, ExplainMerge(report, incident));
        source.IncidentId = incident.Id;
        incident.Sources.Add(source);
        incident.NoteSources();
        MergeFields(incident, source);
        return source;
    }

    /// <summary>
    /// Sources disagree, so per victim category the incident keeps the largest count any source gave; a named
    /// perpetrator replaces "unknown"; a more precise date or municipality replaces a coarser one.
    /// </summary>
    private static void MergeFields(Incident incident, IncidentSource source)
    {
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

        if (IsUnknownPerpetrator(incident.Perpetrator) && !IsUnknownPerpetrator(source.Perpetrator))
        {
            incident.Perpetrator = source.Perpetrator;
        }

        if ((int)source.DatePrecision < (int)incident.DatePrecision)
        {
            incident.OccurredOn = source.OccurredOn;
            incident.DatePrecision = source.DatePrecision;
        }

        if (string.IsNullOrEmpty(incident.Admin2) && !string.IsNullOrEmpty(source.Admin2))
        {
            incident.Admin2 = source.Admin2;
            incident.Admin2Name = source.Admin2Name;
        }

        incident.Admin1Name ??= source.Admin1Name;
        incident.Description ??= source.Description;
    }

    public static bool IsUnknownPerpetrator(string? perpetrator) => s_unknownPerpetrators.Contains(perpetrator?.Trim() ?? "");

    private static bool VictimsOverlap(IEnumerable<VictimCategory> a, IEnumerable<VictimCategory> b)
    {
        var left = a.ToHashSet();
        var right = b.ToHashSet();
        return left.Count == 0 && right.Count == 0 || left.Overlaps(right);
    }

    private static (string?, string?, IncidentType) PlaceKey(Incident incident) => (incident.CountryCode, incident.Admin1, incident.IncidentType);

    /// <summary>The place (country, department) a report is merged within: what registry writers lock.</summary>
    public static (string Country, string? Admin1) PlaceOf(AcceptedReport report) =>
        (SelectorValues.PlaceCode(report.CountryCode)!, SelectorValues.PlaceCode(report.Admin1));

    private static (string?, string?, IncidentType) PlaceKey(AcceptedReport report) =>
        (SelectorValues.PlaceCode(report.CountryCode), SelectorValues.PlaceCode(report.Admin1), report.IncidentType);

    private static DatePrecision OrDay(DatePrecision precision) => precision == DatePrecision.Unspecified ? DatePrecision.Day : precision;

    /// <summary>The Monday of the ISO week of <paramref name="date"/>.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

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
