using Vigia.Common.V1;
using Vigia.Contracts.Messages;

namespace Vigia.Statistics.Tests.Support;

/// <summary>Incident snapshots as the registry would send them, with sensible defaults.</summary>
public static class Snapshots
{
    public static IncidentSnapshot Homicide(
        string date, string admin1 = "SV-SS", int victims = 1, VictimCategory category = VictimCategory.Civilian,
        Guid? id = null, long version = 1, string perpetrator = "MS13") => new()
        {
            IncidentId = id ?? Guid.NewGuid(),
            Version = version,
            OccurredOn = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
            DatePrecision = DatePrecision.Day,
            CountryCode = "SV",
            Admin1 = admin1,
            Admin2 = null,
            IncidentType = IncidentType.Homicide,
            Victims = [new VictimCount { Category = category, Count = victims }],
            Perpetrator = perpetrator,
            Retracted = false,
        };

    public static IncidentsChanged Batch(params IncidentSnapshot[] incidents) =>
        new() { BatchId = Guid.NewGuid(), Incidents = incidents };
}
