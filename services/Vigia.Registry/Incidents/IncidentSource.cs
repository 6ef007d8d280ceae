using System.Text.Json.Serialization;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.Registry.V1;

namespace Vigia.Registry.Incidents;

/// <summary>
/// One report that fed an incident, with what it said: sources disagree, and every account is kept. The whole account
/// (date, place, type, victims, perpetrator) is kept so the incident can be recomputed from its sources when one of them
/// is corrected or withdrawn, or when a split moves some of them away.
/// </summary>
public class IncidentSource
{
    public Guid Id { get; set; }

    [JsonIgnore]
    public Guid IncidentId { get; set; }

    public string Source { get; set; } = "";
    public string SourceRecordId { get; set; } = "";
    public Guid ReportId { get; set; }
    public string? Url { get; set; }
    public DateTime? PublishedAt { get; set; }
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
    public DateTime AddedAt { get; set; }

    /// <summary>The report's revision as last applied (see <see cref="AcceptedReport.Revision"/>).</summary>
    public int Revision { get; set; } = 1;

    /// <summary>When its source deleted it; a withdrawn source no longer counts in the incident's figures.</summary>
    public DateTime? WithdrawnAt { get; set; }

    /// <summary>Which rule links the report to this incident.</summary>
    public LinkReason LinkReason { get; set; }

    /// <summary>The rule's particulars in words (see <see cref="ReportMerger.ExplainMerge"/>).</summary>
    public string MergeReason { get; set; } = "";

    [JsonIgnore]
    public bool Counts => WithdrawnAt is null;

    public static IncidentSource From(AcceptedReport report, Guid id, DateTime now, LinkReason linkReason, string mergeReason)
    {
        var source = new IncidentSource
        {
            Id = id,
            Source = report.Source,
            SourceRecordId = report.SourceRecordId,
            ReportId = report.ReportId,
            AddedAt = now,
            LinkReason = linkReason,
            MergeReason = mergeReason,
        };
        source.Take(report);
        return source;
    }

    /// <summary>The source sent a newer revision: take what it now says (a withdrawn report sent again counts again).</summary>
    public void Correct(AcceptedReport report)
    {
        Take(report);
        WithdrawnAt = null;
    }

    /// <summary>The source deleted the report at this revision.</summary>
    public void Withdraw(int revision, DateTime now)
    {
        Revision = revision;
        WithdrawnAt = now;
    }

    private void Take(AcceptedReport report)
    {
        Url = string.IsNullOrWhiteSpace(report.Url) ? null : report.Url;
        PublishedAt = report.PublishedAt?.UtcDateTime;
        OccurredOn = report.OccurredOn;
        DatePrecision = report.DatePrecision == DatePrecision.Unspecified ? DatePrecision.Day : report.DatePrecision;
        CountryCode = SelectorValues.PlaceCode(report.CountryCode)!;
        Admin1 = SelectorValues.PlaceCode(report.Admin1);
        Admin1Name = EmptyToNull(report.Admin1Name);
        Admin2 = EmptyToNull(report.Admin2?.Trim());
        Admin2Name = EmptyToNull(report.Admin2Name);
        IncidentType = report.IncidentType;
        Victims = Victim.Normalise(report.Victims.Select(v => (v.Category, v.Count)));
        Perpetrator = report.Perpetrator;
        Description = EmptyToNull(report.Description);
        Revision = report.Revision;
    }

    private static string? EmptyToNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
