using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Ingestion.Normalisation;

/// <summary>A report's victims, checked entry by entry and merged by category.</summary>
public static class VictimCounts
{
    public const int MaxVictimsPerEntry = 100_000;

    public static List<VictimCount> Validate(Report report, IncidentType incidentType, string path, FieldViolations violations)
    {
        // Merged by category, in the order categories first appear: "2 civilians, 1 police officer,
        // 1 civilian" is 3 civilians and 1 police officer.
        var merged = new List<VictimCount>();
        for (var i = 0; i < report.Victims.Count; i++)
        {
            var victims = report.Victims[i];
            var valid = true;
            if (victims.Category == VictimCategory.Unspecified || !Enum.IsDefined(victims.Category))
            {
                violations.Known(victims.Category, VictimCategory.Unspecified, $"{path}.victims[{i}].category");
                valid = false;
            }

            if (victims.Count < 1)
            {
                violations.Add($"{path}.victims[{i}].count", $"must be at least 1 (was {victims.Count})");
                valid = false;
            }
            else if (victims.Count > MaxVictimsPerEntry)
            {
                violations.Add($"{path}.victims[{i}].count", $"must be at most {MaxVictimsPerEntry} (was {victims.Count})");
                valid = false;
            }

            if (!valid)
            {
                continue;
            }

            var index = merged.FindIndex(v => v.Category == victims.Category);
            if (index < 0)
            {
                merged.Add(new VictimCount { Category = victims.Category, Count = victims.Count });
            }
            else
            {
                merged[index] = merged[index] with { Count = merged[index].Count + victims.Count };
            }
        }

        if (report.Victims.Count == 0 && incidentType is IncidentType.Homicide or IncidentType.ExtrajudicialKilling)
        {
            violations.Add($"{path}.victims", "a killing has at least one victim: give the victims (category UNKNOWN when the source does not say)");
        }

        return merged;
    }
}
