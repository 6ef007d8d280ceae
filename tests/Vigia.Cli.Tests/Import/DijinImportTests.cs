using Vigia.Cli.Import;
using Vigia.Cli.Import.Layout;
using Vigia.Cli.Tests.Support;
using Vigia.Common.V1;
using Vigia.Contracts.Places;
using Vigia.Ingestion.V1;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.Cli.Tests.Import;

/// <summary>The Colombian police's 2011 homicide sheet, imported with the shipped layout through ingestion, registry and statistics.</summary>
public class DijinImportTests
{
    private static readonly TimeSpan s_settle = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task ImportRun_Dijin2011WithShippedLayout_YearlyVictimsPerDepartmentAndNationallyEqualTheSheet()
    {
        var sheet = RepositoryFiles.RealData("homicidios_2011.xlsx");
        var byPlace = DijinSheet.VictimsByPlace(sheet);
        var gazetteer = Gazetteer.LoadEmbedded();
        // The sheet files Bogotá under CUNDINAMARCA; Bogotá D.C. is a department of its own (CO-DC), where Vigia counts it.
        var expected = byPlace
            .GroupBy(p => p.Key.Municipality.StartsWith("BOGOTÁ", StringComparison.Ordinal)
                ? "CO-DC"
                : gazetteer.FindDepartmentByName("CO", p.Key.Department)?.Code ?? $"unresolved: {p.Key.Department}")
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        Assert.Equal(15_803, expected.Values.Sum());

        await using var host = await PlatformHost.StartAsync();
        var ingestion = new IngestionService.IngestionServiceClient(host.Channel);
        var statistics = new StatisticsService.StatisticsServiceClient(host.Channel);
        var file = new LayoutReportFile(sheet, SheetLayout.Load(RepositoryFiles.Layout("dijin-homicidios-2011-2012.json")));

        var first = await ImportRun.RunAsync(ingestion, file.ReadRows());

        Assert.Empty(first.Rejects);
        Assert.Equal(11_760, first.Accepted);
        var byDepartment = await Poll.UntilAsync(
            () => YearlyVictimsAsync(statistics, GroupBy.Admin1),
            series => series.Values.Sum() >= 15_803,
            s_settle);
        Assert.Equal(expected.OrderBy(p => p.Key), byDepartment.Where(p => p.Value > 0).OrderBy(p => p.Key));
        var national = await YearlyVictimsAsync(statistics, GroupBy.None);
        Assert.Equal(15_803, Assert.Single(national).Value);
        var byMunicipality = await YearlyVictimsAsync(statistics, GroupBy.Admin2);
        Assert.Equal(15_803, byMunicipality.Values.Sum());
        Assert.All(byMunicipality.Keys, key => Assert.Matches("^[0-9]{5}$", key));
        Assert.Equal(byPlace[("ANTIOQUIA", "MEDELLÍN (CT)")], byMunicipality["05001"]);
        Assert.Equal(byPlace[("CUNDINAMARCA", "BOGOTÁ D.C. (CT)")], byMunicipality["11001"]);
        var medellin = await statistics.GetTimeSeriesAsync(Year2011(Measure.Victims, GroupBy.None, new Selector { CountryCodes = { "CO" }, Admin2 = { "05001" } }));
        Assert.Equal(byPlace[("ANTIOQUIA", "MEDELLÍN (CT)")], (int)Assert.Single(Assert.Single(medellin.Series).Points).Value);

        var rerun = await ImportRun.RunAsync(ingestion, file.ReadRows());

        Assert.Equal(11_760, rerun.Duplicate);
        Assert.Equal(0, rerun.Accepted);
        Assert.Equal(0, rerun.Rejected);
        Assert.Equal(11_760, (await YearlyCountAsync(statistics, Measure.Incidents)));
        Assert.Equal(15_803, (await YearlyCountAsync(statistics, Measure.Victims)));
    }

    private static async Task<Dictionary<string, int>> YearlyVictimsAsync(StatisticsService.StatisticsServiceClient statistics, GroupBy groupBy)
    {
        var response = await statistics.GetTimeSeriesAsync(Year2011(Measure.Victims, groupBy));
        return response.Series.ToDictionary(s => s.Key, s => (int)Assert.Single(s.Points).Value);
    }

    private static async Task<int> YearlyCountAsync(StatisticsService.StatisticsServiceClient statistics, Measure measure)
    {
        var response = await statistics.GetTimeSeriesAsync(Year2011(measure, GroupBy.None));
        return (int)Assert.Single(Assert.Single(response.Series).Points).Value;
    }

    private static GetTimeSeriesRequest Year2011(Measure measure, GroupBy groupBy, Selector? selector = null) => new()
    {
        Selector = selector ?? new Selector { CountryCodes = { "CO" } },
        Measure = measure,
        Granularity = Granularity.Year,
        Period = new Period
        {
            StartDate = new Google.Type.Date { Year = 2011, Month = 1, Day = 1 },
            EndDate = new Google.Type.Date { Year = 2011, Month = 12, Day = 31 },
        },
        GroupBy = groupBy,
    };
}
