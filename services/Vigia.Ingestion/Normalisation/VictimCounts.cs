using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Ingestion.Normalisation;

/// <summary>A report's victims: checked and merged as every entry point checks them, and present for a killing.</summary>
public static class VictimCounts
{
    public static List<VictimCount> Validate(Report report, IncidentType incidentType, string path, FieldViolations violations)
    {
        var merged = violations.Victims(report.Victims, $"{path}.victims");
        if (report.Victims.Count == 0 && incidentType is IncidentType.Homicide or IncidentType.ExtrajudicialKilling)
        {
            violations.Add($"{path}.victims", "a killing has at least one victim: give the victims (category UNKNOWN when the source does not say)");
        }

        return merged;
    }
}
