using Vigia.Contracts.Places;

namespace Vigia.Ingestion.Tests.Normalisation;

public class GazetteerTests
{
    private static readonly Gazetteer s_gazetteer = Gazetteer.LoadEmbedded();

    [Theory]
    [InlineData("SV", 14)]
    [InlineData("GT", 22)]
    [InlineData("HN", 18)]
    public void LoadEmbedded_EachCountry_HasAllItsDepartments(string country, int departments) =>
        Assert.Equal(departments, s_gazetteer.Departments.Count(d => d.CountryCode == country));

    [Fact]
    public void LoadEmbedded_ElSalvador_HasThe262PreReformMunicipalitiesWithUniqueCodes()
    {
        var digestyc = s_gazetteer.Municipalities.Where(m => m.CountryCode == "SV" && m.Code.All(char.IsAsciiDigit)).ToList();
        Assert.Equal(262, digestyc.Count);
        Assert.Equal(262, digestyc.Select(m => m.Code).Distinct().Count());
        // DIGESTYC codes start with the department's two digits: 06 is San Salvador, 05 La Libertad.
        Assert.All(digestyc.Where(m => m.Code.StartsWith("06", StringComparison.Ordinal)),
            m => Assert.Equal("SV-SS", m.DepartmentCode));
        Assert.Equal(19, digestyc.Count(m => m.DepartmentCode == "SV-SS"));
    }

    [Fact]
    public void ElSalvadorMunicipalities2024_EveryFormerMunicipality_IsADistrictOfExactlyOneNewMunicipalityOfItsDepartment()
    {
        var reformed = ElSalvadorMunicipalities2024.All;
        var districts = reformed.SelectMany(m => m.Districts.Select(d => (District: d, Municipality: m))).ToList();

        Assert.Equal(44, reformed.Count);
        Assert.Equal(262, districts.Count);
        Assert.Equal(
            s_gazetteer.Municipalities.Where(m => m.CountryCode == "SV" && m.Code.All(char.IsAsciiDigit)).Select(m => m.Code).Order(),
            districts.Select(d => d.District).Order());
        Assert.All(districts, d => Assert.Equal(d.Municipality.DepartmentCode, s_gazetteer.FindMunicipalityByCode(d.District)!.DepartmentCode));
        Assert.Equal(
            [("SV-AH", 3), ("SV-CA", 2), ("SV-CH", 3), ("SV-CU", 2), ("SV-LI", 6), ("SV-MO", 2), ("SV-PA", 3), ("SV-SA", 4), ("SV-SM", 3), ("SV-SO", 4), ("SV-SS", 5), ("SV-SV", 2), ("SV-UN", 2), ("SV-US", 3)],
            reformed.GroupBy(m => m.DepartmentCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())));
    }

    [Theory]
    [InlineData("0614", "San Salvador", "SV-SS")]
    [InlineData("0511", "Santa Tecla", "SV-LI")]
    [InlineData("0617", "Soyapango", "SV-SS")]
    [InlineData("1217", "San Miguel", "SV-SM")]
    [InlineData("0210", "Santa Ana", "SV-SA")]
    [InlineData("0821", "Zacatecoluca", "SV-PA")]
    [InlineData("1319", "San Francisco Gotera", "SV-MO")]
    public void FindMunicipalityByCode_KnownCode_ReturnsTheMunicipality(string code, string name, string department)
    {
        var municipality = s_gazetteer.FindMunicipalityByCode(code);

        Assert.NotNull(municipality);
        Assert.Equal(name, municipality.Name);
        Assert.Equal(department, municipality.DepartmentCode);
    }

    [Fact]
    public void LoadEmbedded_EveryDepartmentCapital_IsListedInItsDepartment()
    {
        string[][] capitals =
        [
            ["SV-AH", "Ahuachapán"], ["SV-SA", "Santa Ana"], ["SV-SO", "Sonsonate"], ["SV-CH", "Chalatenango"],
            ["SV-LI", "Santa Tecla"], ["SV-SS", "San Salvador"], ["SV-CU", "Cojutepeque"], ["SV-PA", "Zacatecoluca"],
            ["SV-CA", "Sensuntepeque"], ["SV-SV", "San Vicente"], ["SV-US", "Usulután"], ["SV-SM", "San Miguel"],
            ["SV-MO", "San Francisco Gotera"], ["SV-UN", "La Unión"],
        ];

        Assert.All(capitals, c => Assert.NotNull(s_gazetteer.FindMunicipalityByName(c[0], c[1])));
    }
}
