using Vigia.Cli.Tests.Support;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.Registry.V1;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.Cli.Tests.Pipeline;

/// <summary>A wrong merge undone with SplitIncident, through ingestion, registry and statistics in one host.</summary>
public sealed class SplitIncidentPipelineTests
{
    [Fact]
    public async Task SplitIncident_WrongMerge_UndoneAndStatisticsCountsFollow()
    {
        await using var host = await PlatformHost.StartAsync();
        var ingestion = new IngestionService.IngestionServiceClient(host.Channel);
        var registry = new RegistryService.RegistryServiceClient(host.Channel);
        var statistics = new StatisticsService.StatisticsServiceClient(host.Channel);
        // Two killings of police officers a day apart in San Miguel, reported by two outlets: the merge rule takes them
        // for one incident.
        var elMundo = await ingestion.SubmitReportAsync(new SubmitReportRequest { Report = Report("elmundo", "em-1", day: 11, officers: 1) });
        var laPrensa = await ingestion.SubmitReportAsync(new SubmitReportRequest { Report = Report("laprensa", "lp-7", day: 12, officers: 2) });
        var merged = await Poll.UntilAsync(
            async () => (await registry.ListIncidentsAsync(new ListIncidentsRequest { Period = June2017 })).Incidents,
            incidents => incidents.Count == 1 && incidents[0].Sources.Count == 2);
        Assert.Equal((1, 2), await Poll.UntilAsync(() => CountsAsync(statistics), c => c == (1, 2)));

        var split = await registry.SplitIncidentAsync(new SplitIncidentRequest
        {
            IncidentId = Assert.Single(merged).IncidentId,
            ReportIds = { laPrensa.ReportId },
            ExpectedVersion = merged[0].Version,
            Reason = "two different officers",
        });

        Assert.Equal(elMundo.ReportId, split.Incident.Sources.Single().ReportId);
        Assert.Equal(laPrensa.ReportId, split.SplitIncident.Sources.Single().ReportId);
        Assert.Equal((2, 3), await Poll.UntilAsync(() => CountsAsync(statistics), c => c == (2, 3)));
        var report = await Poll.UntilAsync(
            async () => (await ingestion.GetReportAsync(new GetReportRequest { ReportId = laPrensa.ReportId })).Report,
            r => r.IncidentId == split.SplitIncident.IncidentId);
        Assert.Equal(split.SplitIncident.IncidentId, report.IncidentId);
    }

    private static Period June2017 => new()
    {
        StartDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 1 },
        EndDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 30 },
    };

    private static Ingestion.V1.Report Report(string source, string id, int day, int officers) => new()
    {
        Source = source,
        SourceRecordId = id,
        OccurredOn = new Google.Type.Date { Year = 2017, Month = 6, Day = day },
        Place = new Place { CountryCode = "SV", Admin1 = "San Miguel" },
        IncidentType = IncidentType.Homicide,
        Victims = { new Victims { Category = VictimCategory.PoliceOfficer, Count = officers } },
    };

    /// <summary>June 2017's (incidents, victims) in El Salvador, as statistics counts them.</summary>
    private static async Task<(int Incidents, int Victims)> CountsAsync(StatisticsService.StatisticsServiceClient statistics)
    {
        async Task<int> CountAsync(Measure measure) => (int)Assert.Single(Assert.Single((await statistics.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = new Selector { CountryCodes = { "SV" } },
            Measure = measure,
            Granularity = Granularity.Month,
            Period = June2017,
        })).Series).Points).Value;
        return (await CountAsync(Measure.Incidents), await CountAsync(Measure.Victims));
    }
}
