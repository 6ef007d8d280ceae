using Vigia.Common.V1;
using Vigia.Ingestion.Normalisation;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Ingestion.Tests.Normalisation;

/// <summary>Colombia's departments (Gazetteer.CO.csv): ISO 3166-2:CO codes, the DIJIN sheets' spellings, DANE department codes.</summary>
public class ColombiaPlacesTests
{
    private static readonly Gazetteer s_gazetteer = Gazetteer.LoadEmbedded();
    private static readonly PlaceResolver s_resolver = new(s_gazetteer);

    [Fact]
    public void LoadEmbedded_Colombia_Has32DepartmentsAndTheCapitalDistrict()
    {
        var codes = s_gazetteer.Departments.Where(d => d.CountryCode == "CO").Select(d => d.Code).ToList();

        Assert.Equal(33, codes.Count);
        Assert.Contains("CO-DC", codes);
        Assert.All(codes, code => Assert.Matches("^CO-[A-Z]{2,3}$", code));
    }

    [Theory]
    [InlineData("ANTIOQUIA", "CO-ANT")]
    [InlineData("VALLE", "CO-VAC")]
    [InlineData("Valle del Cauca", "CO-VAC")]
    [InlineData("GUAJIRA", "CO-LAG")]
    [InlineData("SAN ANDRÉS", "CO-SAP")]
    [InlineData("NORTE DE SANTANDER", "CO-NSA")]
    [InlineData("CÓRDOBA", "CO-COR")]
    [InlineData("CORDOBA", "CO-COR")]
    [InlineData("NARIÑO", "CO-NAR")]
    [InlineData("Bogotá D.C.", "CO-DC")]
    [InlineData("CO-CUN", "CO-CUN")]
    [InlineData("05", "CO-ANT")]
    [InlineData("76", "CO-VAC")]
    public void Resolve_ColombianDepartmentAsDijinSpellsItOrByCode_GivesItsIsoCode(string admin1, string code)
    {
        var violations = new FieldViolations();

        var place = s_resolver.Resolve(new Place { CountryCode = "CO", Admin1 = admin1 }, "report.place", violations);

        Assert.True(violations.IsEmpty, string.Join("; ", violations.All.Select(v => v.Description)));
        Assert.Equal(code, place!.Admin1);
    }

    [Fact]
    public void Resolve_ColombianMunicipality_IsKeptAsANameWithoutCode()
    {
        var violations = new FieldViolations();

        var place = s_resolver.Resolve(new Place { CountryCode = "CO", Admin1 = "ANTIOQUIA", Admin2 = "MEDELLÍN (CT)" }, "report.place", violations);

        Assert.True(violations.IsEmpty);
        Assert.Null(place!.Admin2);
        Assert.Equal("MEDELLÍN (CT)", place.Admin2Name);
    }
}
