using Vigia.Statistics.Populations;
using Vigia.Statistics.Series;

namespace Vigia.Statistics.Tests.Populations;

public sealed class PopulationTableTests
{
    private static readonly string[] s_departments =
        ["SV-AH", "SV-CA", "SV-CH", "SV-CU", "SV-LI", "SV-MO", "SV-PA", "SV-SA", "SV-SM", "SV-SO", "SV-SS", "SV-SV", "SV-UN", "SV-US"];

    [Fact]
    public void Load_EmbeddedFile_DepartmentsAddUpToTheNationalTotalEveryYear()
    {
        var table = PopulationFile.Load(null);

        for (var year = 2005; year <= 2030; year++)
        {
            Assert.Equal(table.Of("SV", year), table.Of(s_departments, year));
        }

        Assert.Equal(6_460_271, table.Of("SV", 2015));
        Assert.InRange(table.Of("SV-SS", 2015)!.Value, 1_700_000, 1_800_000);
        Assert.InRange(table.Of("SV-SM", 2015)!.Value, 460_000, 500_000);
        Assert.Equal(["CO", "SV"], table.Countries);
    }

    [Fact]
    public void Load_EmbeddedFiles_ColombiasDaneDepartmentsAddUpToItsNationalTotalEveryYear()
    {
        var table = PopulationFile.Load(null);
        for (var year = 2012; year <= 2024; year++)
        {
            Assert.Equal(table.Of("CO", year), table.Of(s_colombianDepartments, year));
        }

        // DANE's figures after the 2018 census: 48,258,494 people in 2018, 52,695,952 in 2024.
        Assert.Equal(48_258_494, table.Of("CO", 2018));
        Assert.Equal(52_695_952, table.Of("CO", 2024));
        Assert.InRange(table.Of("CO-DC", 2018)!.Value, 7_000_000, 8_000_000);
        Assert.Null(table.Of("CO", 2011));
    }

    private static readonly string[] s_colombianDepartments =
    [
        "CO-AMA", "CO-ANT", "CO-ARA", "CO-ATL", "CO-BOL", "CO-BOY", "CO-CAL", "CO-CAQ", "CO-CAS", "CO-CAU", "CO-CES", "CO-CHO",
        "CO-COR", "CO-CUN", "CO-DC", "CO-GUA", "CO-GUV", "CO-HUI", "CO-LAG", "CO-MAG", "CO-MET", "CO-NAR", "CO-NSA", "CO-PUT",
        "CO-QUI", "CO-RIS", "CO-SAP", "CO-SAN", "CO-SUC", "CO-TOL", "CO-VAC", "CO-VAU", "CO-VID",
    ];

    [Fact]
    public void Load_ConfiguredFile_ReplacesTheShippedFigures()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "# test\ncountry,admin1,year,population\nGT,,2016,16500000\nGT,GT-GU,2016,3400000\n");
        try
        {
            var table = PopulationFile.Load(path);

            Assert.Equal(16_500_000, table.Of("GT", 2016));
            Assert.Equal(3_400_000, table.Of("gt-gu", 2016));
            Assert.Null(table.Of("SV", 2016));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_MalformedLine_FailsNamingTheLine()
    {
        var error = Assert.Throws<FormatException>(() => PopulationFile.Parse(new StringReader("country,admin1,year,population\nSV,,twenty,5\n"), "test.csv"));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExposureOf_FullYear_IsThatYearsPopulation()
    {
        var table = PopulationFile.Load(null);

        var exposure = table.ExposureOf(["SV"], new DatePeriod(new DateOnly(2016, 1, 1), new DateOnly(2016, 12, 31)))!;

        Assert.Equal(table.Of("SV", 2016), exposure.AveragePopulation);
        Assert.Equal(table.Of("SV", 2016)!.Value, exposure.PersonYears, 6);
    }
}
