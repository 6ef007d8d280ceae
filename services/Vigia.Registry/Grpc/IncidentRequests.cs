using System.Globalization;
using Vigia.Contracts.Selectors;
using Vigia.Registry.Incidents;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Registry.Grpc;

/// <summary>The registry's read, watch and retract requests, checked: every violated field is reported at once.</summary>
public static class IncidentRequests
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    /// <summary>As long as a source name ingestion accepts.</summary>
    public const int MaxSourceLength = 100;

    public static Guid ToIncidentId(string value, string field)
    {
        var violations = new FieldViolations();
        var id = violations.Id(value, field, "an incident");
        violations.ThrowIfAny();
        return id;
    }

    public static IncidentListQuery ToQuery(this ListIncidentsRequest request, DateTimeOffset now)
    {
        var violations = new FieldViolations();
        var period = violations.Period(request.Period, "period", orderField: "period.end_date");
        var selection = violations.Selector(request.Selector, "selector");
        var source = violations.Text(request.Source, "source", MaxSourceLength);
        var pageSize = PageTokens.PageSize(request.PageSize, DefaultPageSize, MaxPageSize, violations);
        var after = ToPosition(PageTokens.Decode(request.PageToken, violations), violations);
        var asOf = violations.AsOf(request.AsOf, "as_of", now);
        violations.ThrowIfAny();
        return new IncidentListQuery
        {
            StartDate = period!.Value.Start,
            EndDate = period.Value.End,
            Selection = selection,
            Source = source,
            IncludeRetracted = request.IncludeRetracted,
            PageSize = pageSize,
            After = after,
            AsOf = asOf,
        };
    }

    public static (long FromSequence, Selection Selection) ToWatch(this WatchIncidentsRequest request)
    {
        var violations = new FieldViolations();
        if (request.FromSequence < 0)
        {
            violations.Add("from_sequence", "must not be negative (0 streams from the start)");
        }

        var selection = violations.Selector(request.Selector, "selector");
        violations.ThrowIfAny();
        return (request.FromSequence, selection);
    }

    public static (Guid Id, long ExpectedVersion, string Reason) ToRetraction(this RetractIncidentRequest request)
    {
        var violations = new FieldViolations();
        var id = violations.Id(request.IncidentId, "incident_id", "an incident");
        var reason = violations.Text(request.Reason, "reason", AmendmentRequest.MaxReasonLength, multiline: true);
        if (reason is null && string.IsNullOrWhiteSpace(request.Reason))
        {
            violations.Add("reason", "is required: say why the incident is retracted");
        }

        if (request.ExpectedVersion < 0)
        {
            violations.Add("expected_version", "must not be negative (0 skips the check)");
        }

        violations.ThrowIfAny();
        return (id, request.ExpectedVersion, reason!);
    }

    private static IncidentPosition? ToPosition(string? token, FieldViolations violations)
    {
        if (token is null)
        {
            return null;
        }

        var parts = token.Split('|');
        if (parts.Length == 2
            && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && Guid.TryParseExact(parts[1], "N", out var id))
        {
            return new IncidentPosition(date, id);
        }

        violations.Add(PageTokens.Field, "is not a page token this service issued");
        return null;
    }
}
