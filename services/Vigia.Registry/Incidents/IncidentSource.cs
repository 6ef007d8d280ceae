using System.Text.Json.Serialization;
using Vigia.Contracts.Messages;

namespace Vigia.Registry.Incidents;

/// <summary>One report that fed an incident, with the numbers it gave: sources disagree, and both numbers are kept.</summary>
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
    public List<Victim> Victims { get; set; } = [];
    public string Perpetrator { get; set; } = "";
    public DateTime AddedAt { get; set; }

    public static IncidentSource From(AcceptedReport report, Guid id, DateTime now) => new()
    {
        Id = id,
        Source = report.Source,
        SourceRecordId = report.SourceRecordId,
        ReportId = report.ReportId,
        Url = string.IsNullOrWhiteSpace(report.Url) ? null : report.Url,
        PublishedAt = report.PublishedAt?.UtcDateTime,
        Victims = Victim.Normalise(report.Victims.Select(v => (v.Category, v.Count))),
        Perpetrator = report.Perpetrator,
        AddedAt = now,
    };
}
