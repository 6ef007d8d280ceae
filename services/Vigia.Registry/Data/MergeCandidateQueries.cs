using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Registry.Incidents;
using IncidentState = Vigia.Registry.V1.IncidentState;

namespace Vigia.Registry.Data;

/// <summary>What a batch of reports needs from the database before merging, in a few queries for the whole batch.</summary>
public static class MergeCandidateQueries
{
    private const int ChunkSize = 500;

    // Each term is a place, a type and a date range; fifty keep a query's text and parameters small.
    private const int TermsPerQuery = 50;

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
    /// Active incidents the batch's reports could merge into (see <see cref="ReportMerger.SamePeriod"/>): of the same
    /// country, department and type, and either within a day of a report's date, or of a coarser precision within its
    /// month or ISO week, or, for a report known only to the week or month, anywhere in that period. Windows are kept per
    /// place and type, so a batch spread over a year loads the incidents near its reports, not the year.
    /// </summary>
    public static async Task<List<Incident>> LoadMergeCandidatesAsync(
        this RegistryDbContext db, IReadOnlyList<AcceptedReport> reports, CancellationToken ct)
    {
        var terms = new List<Expression<Func<Incident, bool>>>();
        foreach (var place in reports.GroupBy(r => (Country: ReportMerger.NormaliseCode(r.CountryCode)!, Admin1: ReportMerger.NormaliseCode(r.Admin1), r.IncidentType)))
        {
            var near = Join(place.Select(r => ReportWindow(r.OccurredOn, r.DatePrecision)));
            var coarse = Join(place.Select(r => CoarseWindow(r.OccurredOn)));
            terms.AddRange(near.Select(range => Term(place.Key, range, coarseOnly: false)));
            terms.AddRange(coarse.Select(range => Term(place.Key, range, coarseOnly: true)));
        }

        var candidates = new Dictionary<Guid, Incident>();
        foreach (var chunk in terms.Chunk(TermsPerQuery))
        {
            var found = await db.Incidents
                .Where(i => i.State == IncidentState.Active)
                .Where(AnyOf(chunk))
                .Include(i => i.Sources)
                .AsSplitQuery()
                .ToListAsync(ct);
            foreach (var incident in found)
            {
                candidates.TryAdd(incident.Id, incident);
            }
        }

        return [.. candidates.Values];
    }

    // Day-precise incidents merge only within a day; a report known to the week or month reaches its whole period.
    private static (DateOnly From, DateOnly To) ReportWindow(DateOnly date, DatePrecision precision) => precision switch
    {
        DatePrecision.Week => (WeekStart(date), WeekStart(date).AddDays(6)),
        DatePrecision.Month => CoarseWindow(date),
        _ => (date.AddDays(-1), date.AddDays(1)),
    };

    // Incidents known only to the week or month merge with any report of their week or month.
    private static (DateOnly From, DateOnly To) CoarseWindow(DateOnly date)
    {
        var monthStart = new DateOnly(date.Year, date.Month, 1);
        var from = Min(monthStart, WeekStart(date));
        var to = Max(monthStart.AddMonths(1).AddDays(-1), WeekStart(date).AddDays(6));
        return (from, to);
    }

    private static List<(DateOnly From, DateOnly To)> Join(IEnumerable<(DateOnly From, DateOnly To)> windows)
    {
        var ranges = new List<(DateOnly From, DateOnly To)>();
        foreach (var (from, to) in windows.Distinct().OrderBy(w => w.From))
        {
            if (ranges.Count > 0 && from <= ranges[^1].To.AddDays(1))
            {
                ranges[^1] = (ranges[^1].From, Max(ranges[^1].To, to));
            }
            else
            {
                ranges.Add((from, to));
            }
        }

        return ranges;
    }

    private static Expression<Func<Incident, bool>> Term(
        (string Country, string? Admin1, IncidentType Type) place, (DateOnly From, DateOnly To) range, bool coarseOnly)
    {
        Expression<Func<Incident, bool>> term = coarseOnly
            ? i => i.DatePrecision != DatePrecision.Day
            : i => true;
        var incident = term.Parameters[0];
        Expression body = Expression.AndAlso(term.Body, Equal(incident, nameof(Incident.CountryCode), place.Country));
        body = Expression.AndAlso(body, Equal(incident, nameof(Incident.Admin1), place.Admin1));
        body = Expression.AndAlso(body, Equal(incident, nameof(Incident.IncidentType), place.Type));
        var occurredOn = Expression.Property(incident, nameof(Incident.OccurredOn));
        body = Expression.AndAlso(body, Expression.GreaterThanOrEqual(occurredOn, Constant(range.From)));
        body = Expression.AndAlso(body, Expression.LessThanOrEqual(occurredOn, Constant(range.To)));
        return Expression.Lambda<Func<Incident, bool>>(body, incident);
    }

    private static Expression<Func<Incident, bool>> AnyOf(IEnumerable<Expression<Func<Incident, bool>>> terms)
    {
        var incident = Expression.Parameter(typeof(Incident), "i");
        Expression? any = null;
        foreach (var term in terms)
        {
            var body = new ParameterReplacer(term.Parameters[0], incident).Visit(term.Body);
            any = any is null ? body : Expression.OrElse(any, body);
        }

        return Expression.Lambda<Func<Incident, bool>>(any ?? Expression.Constant(false), incident);
    }

    // A null department compares as IS NULL, as the merge rule treats a missing department as its own place.
    private static BinaryExpression Equal<T>(ParameterExpression incident, string property, T value) =>
        value is null
            ? Expression.Equal(Expression.Property(incident, property), Expression.Constant(null, typeof(T)))
            : Expression.Equal(Expression.Property(incident, property), Constant(value));

    private static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    // Captured as a closure so EF sends a parameter, as it would for a lambda's local variable.
    private static MemberExpression Constant<T>(T value) =>
        Expression.Property(Expression.Constant(new Boxed<T>(value)), nameof(Boxed<T>.Value));

    private sealed record Boxed<T>(T Value);

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
