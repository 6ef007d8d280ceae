using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Registry.Incidents;
using IncidentState = Vigia.Registry.V1.IncidentState;

namespace Vigia.Registry.Data;

/// <summary>What a batch of reports needs from the database before merging, in a few queries for the whole batch.</summary>
public static class MergeCandidateQueries
{
    // A month-precision date may merge with any day of its month, so look a month either side.
    private const int WindowDays = 31;
    private const int ChunkSize = 500;

    /// <summary>(source, source record id) → incident, for the batch's reports already recorded.</summary>
    public static async Task<Dictionary<(string Source, string SourceRecordId), Guid>> FindRecordedAsync(
        this RegistryDbContext db, IReadOnlyList<AcceptedReport> reports, CancellationToken ct)
    {
        var recorded = new Dictionary<(string, string), Guid>();
        foreach (var chunk in reports.Chunk(ChunkSize))
        {
            var sources = chunk.Select(r => r.Source).Distinct().ToList();
            var recordIds = chunk.Select(r => r.SourceRecordId).Distinct().ToList();
            var rows = await db.IncidentSources.AsNoTracking()
                .Where(s => sources.Contains(s.Source) && recordIds.Contains(s.SourceRecordId))
                .Select(s => new { s.Source, s.SourceRecordId, s.IncidentId })
                .ToListAsync(ct);
            foreach (var row in rows)
            {
                recorded[(row.Source, row.SourceRecordId)] = row.IncidentId;
            }
        }

        return recorded;
    }

    /// <summary>
    /// Active incidents the batch's reports could merge into: of their countries and types, within a
    /// month of one of their dates. The dates' windows are joined into as few ranges as they cover,
    /// so a batch spread over years does not load every incident in between.
    /// </summary>
    public static async Task<List<Incident>> LoadMergeCandidatesAsync(
        this RegistryDbContext db, IReadOnlyList<AcceptedReport> reports, CancellationToken ct)
    {
        if (reports.Count == 0)
        {
            return [];
        }

        var countries = reports.Select(r => ReportMerger.NormaliseCode(r.CountryCode)!).Distinct().ToList();
        var types = reports.Select(r => r.IncidentType).Distinct().ToList();
        var candidates = new List<Incident>();
        foreach (var ranges in DateRanges(reports.Select(r => r.OccurredOn)).Chunk(50))
        {
            candidates.AddRange(await db.Incidents
                .Where(i => i.State == IncidentState.Active && countries.Contains(i.CountryCode) && types.Contains(i.IncidentType))
                .Where(WithinAny(ranges))
                .Include(i => i.Sources)
                .AsSplitQuery()
                .ToListAsync(ct));
        }

        return candidates;
    }

    private static List<(DateOnly From, DateOnly To)> DateRanges(IEnumerable<DateOnly> dates)
    {
        var ranges = new List<(DateOnly From, DateOnly To)>();
        foreach (var date in dates.Distinct().Order())
        {
            var (from, to) = (date.AddDays(-WindowDays), date.AddDays(WindowDays));
            if (ranges.Count > 0 && from <= ranges[^1].To)
            {
                ranges[^1] = (ranges[^1].From, to);
            }
            else
            {
                ranges.Add((from, to));
            }
        }

        return ranges;
    }

    private static Expression<Func<Incident, bool>> WithinAny(IEnumerable<(DateOnly From, DateOnly To)> ranges)
    {
        var incident = Expression.Parameter(typeof(Incident), "i");
        var occurredOn = Expression.Property(incident, nameof(Incident.OccurredOn));
        Expression? any = null;
        foreach (var (from, to) in ranges)
        {
            var within = Expression.AndAlso(
                Expression.GreaterThanOrEqual(occurredOn, Constant(from)),
                Expression.LessThanOrEqual(occurredOn, Constant(to)));
            any = any is null ? within : Expression.OrElse(any, within);
        }

        return Expression.Lambda<Func<Incident, bool>>(any ?? Expression.Constant(false), incident);
    }

    // Captured as a closure so EF sends a parameter, as it would for a lambda's local variable.
    private static MemberExpression Constant(DateOnly value) =>
        Expression.Property(Expression.Constant(new Boxed(value)), nameof(Boxed.Value));

    private sealed record Boxed(DateOnly Value);
}
