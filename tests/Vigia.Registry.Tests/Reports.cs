using Vigia.Common.V1;
using Vigia.Contracts.Messages;

namespace Vigia.Registry.Tests;

/// <summary>Accepted reports as ingestion would publish them.</summary>
internal static class Reports
{
    public static AcceptedReport Report(
        string source,
        string recordId,
        DateOnly occurredOn,
        string admin1 = "SV-SM",
        IncidentType type = IncidentType.Homicide,
        string perpetrator = "unknown",
        DatePrecision precision = DatePrecision.Day,
        string? admin2 = null,
        params (VictimCategory Category, int Count)[] victims) => new()
        {
            ReportId = Guid.NewGuid(),
            Source = source,
            SourceRecordId = recordId,
            Url = $"https://example.org/{source}/{recordId}",
            PublishedAt = new DateTimeOffset(occurredOn.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero),
            OccurredOn = occurredOn,
            DatePrecision = precision,
            CountryCode = "SV",
            Admin1 = admin1,
            Admin2 = admin2,
            IncidentType = type,
            Victims = victims.Length == 0
                ? [new VictimCount { Category = VictimCategory.Civilian, Count = 1 }]
                : [.. victims.Select(v => new VictimCount { Category = v.Category, Count = v.Count })],
            Perpetrator = perpetrator,
            Description = $"{source} {recordId}",
            ReceivedAt = DateTimeOffset.UtcNow,
        };

    public static ReportsAccepted Batch(params AcceptedReport[] reports) => new() { BatchId = Guid.NewGuid(), Reports = reports };
}
