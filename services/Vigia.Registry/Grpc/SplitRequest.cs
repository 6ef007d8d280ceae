using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Registry.Grpc;

/// <summary>SplitIncident's request, checked: every violated field is reported at once.</summary>
public static class SplitRequest
{
    /// <summary>More reports than any incident has in practice; a longer list is a mistake, not a split.</summary>
    public const int MaxReports = 1000;

    public const int MaxReasonLength = 2000;

    public static (Guid Id, IReadOnlyList<Guid> ReportIds, long ExpectedVersion, string Reason) ToSplit(this SplitIncidentRequest request)
    {
        var violations = new FieldViolations();
        var id = violations.Id(request.IncidentId, "incident_id", "an incident");
        var reportIds = new List<Guid>();
        if (request.ReportIds.Count == 0)
        {
            violations.Add("report_ids", "is required: name the report_id of each report to move");
        }
        else if (request.ReportIds.Count > MaxReports)
        {
            violations.Add("report_ids", $"at most {MaxReports} reports (was {request.ReportIds.Count})");
        }
        else
        {
            for (var i = 0; i < request.ReportIds.Count; i++)
            {
                reportIds.Add(violations.Id(request.ReportIds[i], $"report_ids[{i}]", "a report"));
            }
        }

        var reason = violations.Text(request.Reason, "reason", MaxReasonLength, required: true, multiline: true);

        if (request.ExpectedVersion < 0)
        {
            violations.Add("expected_version", "must not be negative (0 skips the check)");
        }

        violations.ThrowIfAny();
        return (id, reportIds, request.ExpectedVersion, reason!);
    }
}
