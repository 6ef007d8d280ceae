using Vigia.Cli.Import;
using Vigia.Cli.Tests.Support;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.Registry.V1;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.Cli.Tests.Import;

/// <summary>A desk corrects a row of a file it imported and imports it again: the correction reaches the incident and the counts.</summary>
public sealed class CorrectedImportTests : IDisposable
{
    private const string Header = "source,source_record_id,occurred_on,country,admin1,incident_type,victims,perpetrator";

    private readonly string _directory = Directory.CreateTempSubdirectory("vigia-corrected-import").FullName;

    [Fact]
    public async Task ImportRun_RowCorrectedAndFileImportedAgain_IncidentVersion2KeepsOldFiguresAndStatisticsFollow()
    {
        await using var host = await PlatformHost.StartAsync();
        var ingestion = new IngestionService.IngestionServiceClient(host.Channel);
        var registry = new RegistryService.RegistryServiceClient(host.Channel);
        var statistics = new StatisticsService.StatisticsServiceClient(host.Channel);
        var path = Write(
            "pnc-bulletin,2017-06-11-001,2017-06-11,SV,San Miguel,homicidio,SECURITY_FORCE_RELATIVE:1,MS-13",
            "pnc-bulletin,2017-06-11-002,2017-06-11,SV,Santa Ana,homicidio,civil:2,desconocido");
        var first = await ImportRun.RunAsync(ingestion, new CsvReportFile(path).ReadRows());
        Assert.Empty(first.Rejects);
        Assert.Equal(2, first.Accepted);
        Assert.Equal(3, await Poll.UntilAsync(() => June2017VictimsAsync(statistics), v => v == 3));

        // The bulletin is revised: three relatives, not one. The other row is unchanged.
        Write(
            "pnc-bulletin,2017-06-11-001,2017-06-11,SV,San Miguel,homicidio,SECURITY_FORCE_RELATIVE:3,MS-13",
            "pnc-bulletin,2017-06-11-002,2017-06-11,SV,Santa Ana,homicidio,civil:2,desconocido");
        var second = await ImportRun.RunAsync(ingestion, new CsvReportFile(path).ReadRows());

        Assert.Equal((0, 1, 1, 0), (second.Accepted, second.Corrected, second.Duplicate, second.Rejected));
        Assert.Equal(5, await Poll.UntilAsync(() => June2017VictimsAsync(statistics), v => v == 5));
        var incident = Assert.Single((await registry.ListIncidentsAsync(new ListIncidentsRequest
        {
            Period = June2017,
            Selector = new Selector { Admin1 = { "SV-SM" } },
        })).Incidents);
        var history = (await registry.GetIncidentHistoryAsync(new GetIncidentHistoryRequest { IncidentId = incident.IncidentId })).Versions;
        Assert.Equal([(1L, ChangeKind.Created, 1), (2L, ChangeKind.Corrected, 3)], history.Select(v => (v.Version, v.Kind, v.Incident.Victims.Single().Count)));
        Assert.StartsWith("corrected by source pnc-bulletin", history[1].Reason, StringComparison.Ordinal);
        Assert.Equal(2, await Poll.UntilAsync(() => June2017IncidentsAsync(statistics), v => v == 2));

        var third = await ImportRun.RunAsync(ingestion, new CsvReportFile(path).ReadRows());

        Assert.Equal((0, 0, 2), (third.Accepted, third.Corrected, third.Duplicate));
        Assert.Equal(2L, (await registry.GetIncidentAsync(new GetIncidentRequest { IncidentId = incident.IncidentId })).Incident.Version);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Period June2017 => new()
    {
        StartDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 1 },
        EndDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 30 },
    };

    private static Task<int> June2017VictimsAsync(StatisticsService.StatisticsServiceClient statistics) => June2017Async(statistics, Measure.Victims);

    private static Task<int> June2017IncidentsAsync(StatisticsService.StatisticsServiceClient statistics) => June2017Async(statistics, Measure.Incidents);

    private static async Task<int> June2017Async(StatisticsService.StatisticsServiceClient statistics, Measure measure)
    {
        var response = await statistics.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Selector = new Selector { CountryCodes = { "SV" } },
            Measure = measure,
            Granularity = Granularity.Month,
            Period = June2017,
        });
        return (int)Assert.Single(Assert.Single(response.Series).Points).Value;
    }

    private string Write(params string[] rows)
    {
        var path = Path.Combine(_directory, "bulletin.csv");
        File.WriteAllLines(path, [Header, .. rows]);
        return path;
    }
}
