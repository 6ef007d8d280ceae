using Vigia.Cli.Import.Layout;
using Vigia.Cli.Tests.Support;
using Vigia.Common.V1;
using Vigia.Contracts.Places;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Cli.Tests.Import;

/// <summary>Each DIJIN sheet read with its shipped layout, without the platform: every line a report, every department known.</summary>
public class DijinLayoutTests
{
    private static readonly Gazetteer s_gazetteer = Gazetteer.LoadEmbedded();
    private static readonly PlaceResolver s_places = new(s_gazetteer);

    [Theory]
    [InlineData("homicidios_20032010.xlsx", "dijin-homicidios-2003-2010.json", 88_423, 134_394)]
    [InlineData("homicidios_2011.xlsx", "dijin-homicidios-2011-2012.json", 11_760, 15_803)]
    [InlineData("homicidios_2012.xlsx", "dijin-homicidios-2011-2012.json", 12_408, 16_033)]
    public void ReadRows_ShippedLayout_EveryLineIsAReportWithItsVictimsAndAKnownDepartment(string sheet, string layout, int lines, int victims)
    {
        var path = RepositoryFiles.RealData(sheet);
        var rows = new LayoutReportFile(path, SheetLayout.Load(RepositoryFiles.Layout(layout))).ReadRows().Where(r => !r.IsSkipped).ToList();

        Assert.Empty(rows.SelectMany(r => r.Rejects));
        Assert.Equal(lines, rows.Count);
        var reports = rows.Select(r => r.Report!).ToList();
        Assert.Equal(victims, reports.Sum(r => Assert.Single(r.Victims).Count));
        Assert.Equal(lines, reports.Select(r => r.SourceRecordId).Distinct().Count());
        var unresolved = reports.Select(r => r.Place.Admin1).Distinct().Where(name => s_gazetteer.FindDepartmentByName("CO", name) is null).ToList();
        Assert.Empty(unresolved);
        var expected = DijinSheet.VictimsByDepartment(path);
        var byDepartment = reports.GroupBy(r => r.Place.Admin1).ToDictionary(g => g.Key, g => g.Sum(r => r.Victims[0].Count));
        Assert.Equal(expected.OrderBy(p => p.Key), byDepartment.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData("homicidios_20032010.xlsx", "dijin-homicidios-2003-2010.json")]
    [InlineData("homicidios_2011.xlsx", "dijin-homicidios-2011-2012.json")]
    [InlineData("homicidios_2012.xlsx", "dijin-homicidios-2011-2012.json")]
    public void ReadRows_ShippedLayout_EveryMunicipioResolvesToItsDaneCode(string sheet, string layout)
    {
        var places = new LayoutReportFile(RepositoryFiles.RealData(sheet), SheetLayout.Load(RepositoryFiles.Layout(layout))).ReadRows()
            .Where(r => r.Report is not null).Select(r => r.Report!.Place).DistinctBy(p => (p.Admin1, p.Admin2)).ToList();

        var unresolved = new List<string>();
        foreach (var place in places)
        {
            var violations = new FieldViolations();
            var resolved = s_places.Resolve(place, "report.place", violations);
            if (resolved?.Admin2 is not { Length: 5 } code || !code.All(char.IsAsciiDigit))
            {
                unresolved.Add($"{place.Admin1} / {place.Admin2}: {string.Join("; ", violations.All.Select(v => v.Description))}");
            }
        }

        Assert.Empty(unresolved);
        Assert.True(places.Count > 800, $"{places.Count} places");
    }

    [Fact]
    public void ReadRows_SameFileTwice_GivesTheSameRecordIds()
    {
        var file = new LayoutReportFile(
            RepositoryFiles.RealData("homicidios_2011.xlsx"), SheetLayout.Load(RepositoryFiles.Layout("dijin-homicidios-2011-2012.json")));

        var first = file.ReadRows().Where(r => r.Report is not null).Select(r => r.Report!.SourceRecordId).ToList();
        var second = file.ReadRows().Where(r => r.Report is not null).Select(r => r.Report!.SourceRecordId).ToList();

        Assert.Equal(first, second);
    }
}
