using Vigia.Common.V1;
using Vigia.Contracts.Places;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Ingestion.Tests.Normalisation;

/// <summary>Colombia's places (Gazetteer.CO.csv): ISO 3166-2:CO departments, DANE DIVIPOLA municipalities, the DIJIN sheets' spellings.</summary>
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
    public void LoadEmbedded_Colombia_HasDivipolas1121PlacesEachCodedWithinItsDepartment()
    {
        var municipalities = s_gazetteer.Municipalities.Where(m => m.CountryCode == "CO").ToList();
        var daneDepartmentCodes = s_gazetteer.Departments.Where(d => d.CountryCode == "CO").ToDictionary(d => d.Code, DaneCode);

        Assert.Equal(1_121, municipalities.Count);
        Assert.Equal(1_121, municipalities.Select(m => m.Code).Distinct().Count());
        Assert.All(municipalities, m => Assert.Matches("^[0-9]{5}$", m.Code));
        // A DIVIPOLA code starts with its department's two digits: 05001 Medellín is in 05 Antioquia.
        Assert.All(municipalities, m => Assert.StartsWith(daneDepartmentCodes[m.DepartmentCode], m.Code, StringComparison.Ordinal));
        Assert.Equal(33, municipalities.Select(m => m.DepartmentCode).Distinct().Count());
        Assert.Equal(125, municipalities.Count(m => m.DepartmentCode == "CO-ANT"));
    }

    [Theory]
    [InlineData("ANTIOQUIA", "MEDELLÍN", "CO-ANT", "05001", "Medellín")]
    [InlineData("NORTE DE SANTANDER", "CÚCUTA", "CO-NSA", "54001", "San José de Cúcuta")]
    [InlineData("TOLIMA", "Mariquita", "CO-TOL", "73443", "San Sebastián de Mariquita")]
    [InlineData("ANTIOQUIA", "San Pedro", "CO-ANT", "05664", "San Pedro de los Milagros")]
    [InlineData("VALLE", "San Pedro", "CO-VAC", "76670", "San Pedro")]
    [InlineData("", "Tuluá", "CO-VAC", "76834", "Tuluá")]
    [InlineData("", "5001", "CO-ANT", "05001", "Medellín")]
    [InlineData("CO-CAU", "19548", "CO-CAU", "19548", "Piendamó - Tunía")]
    public void Resolve_ColombianMunicipalityByDaneNameDijinNameOrCode_GivesItsDivipolaCode(
        string admin1, string admin2, string department, string code, string name)
    {
        var violations = new FieldViolations();

        var place = s_resolver.Resolve(new Place { CountryCode = "CO", Admin1 = admin1, Admin2 = admin2 }, "report.place", violations);

        Assert.True(violations.IsEmpty, string.Join("; ", violations.All.Select(v => v.Description)));
        Assert.Equal((department, code, name), (place!.Admin1, place.Admin2, place.Admin2Name));
    }

    [Theory]
    [InlineData("CUNDINAMARCA", "BOGOTÁ D.C.")]
    [InlineData("Cundinamarca", "11001")]
    [InlineData("", "Bogotá")]
    public void Resolve_BogotaFiledUnderCundinamarca_IsTheCapitalDistrict(string admin1, string admin2)
    {
        var violations = new FieldViolations();

        var place = s_resolver.Resolve(new Place { CountryCode = "CO", Admin1 = admin1, Admin2 = admin2 }, "report.place", violations);

        Assert.True(violations.IsEmpty, string.Join("; ", violations.All.Select(v => v.Description)));
        Assert.Equal(("CO-DC", "11001"), (place!.Admin1, place.Admin2));
    }

    [Theory]
    [InlineData("ANTIOQUIA", "Cali", "is not in department CO-ANT")]
    [InlineData("", "San Pedro", "ambiguous municipality")]
    [InlineData("", "0614", "unknown municipality code '0614' for country CO")]
    [InlineData("CUNDINAMARCA", "Atlantis", "unknown municipality 'Atlantis'")]
    public void Resolve_ColombianMunicipalityThatDoesNotResolve_IsAViolationOnAdmin2(string admin1, string admin2, string reason)
    {
        var violations = new FieldViolations();

        s_resolver.Resolve(new Place { CountryCode = "CO", Admin1 = admin1, Admin2 = admin2 }, "report.place", violations);

        var violation = Assert.Single(violations.All);
        Assert.Equal("report.place.admin2", violation.Field);
        Assert.Contains(reason, violation.Description, StringComparison.Ordinal);
    }

    /// <summary>The department's two-digit DANE code, listed among its aliases (05 for CO-ANT).</summary>
    private static string DaneCode(Department department) =>
        Enumerable.Range(5, 95).Select(n => n.ToString("00", System.Globalization.CultureInfo.InvariantCulture))
            .Single(code => s_gazetteer.FindDepartmentByName("CO", code) == department);
}
