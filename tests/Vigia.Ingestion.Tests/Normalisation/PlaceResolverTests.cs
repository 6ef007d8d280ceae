using Vigia.Common.V1;
using Vigia.Contracts.Places;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Ingestion.Tests.Normalisation;

public class PlaceResolverTests
{
    private static readonly PlaceResolver s_resolver = new(Gazetteer.LoadEmbedded());

    private static (ResolvedPlace? Place, FieldViolations Violations) Resolve(string country, string admin1 = "", string admin2 = "")
    {
        var violations = new FieldViolations();
        var place = s_resolver.Resolve(new Place { CountryCode = country, Admin1 = admin1, Admin2 = admin2 }, "report.place", violations);
        return (place, violations);
    }

    [Theory]
    [InlineData("San Miguel")]
    [InlineData("san miguel")]
    [InlineData("SAN MIGUEL")]
    [InlineData("Dpto. de San Miguel")]
    [InlineData("Departamento de San Miguel")]
    [InlineData("Department of San Miguel")]
    [InlineData("San Miguel Department")]
    [InlineData("SV-SM")]
    [InlineData("sv-sm")]
    [InlineData("SM")]
    public void Resolve_DepartmentSpelledAnyWay_GivesItsIsoCodeAndName(string admin1)
    {
        var (place, violations) = Resolve("SV", admin1);

        Assert.True(violations.IsEmpty);
        Assert.Equal(new ResolvedPlace("SV", "SV-SM", "San Miguel", null, null), place);
    }

    [Theory]
    [InlineData("Usulután", "SV-US")]
    [InlineData("Usulutan", "SV-US")]
    [InlineData("La Unión", "SV-UN")]
    [InlineData("La Union", "SV-UN")]
    [InlineData("Cabañas", "SV-CA")]
    [InlineData("Cabanas", "SV-CA")]
    [InlineData("Cuscatlan", "SV-CU")]
    [InlineData("Morazan", "SV-MO")]
    [InlineData("Ahuachapan", "SV-AH")]
    [InlineData("Depto. La Paz", "SV-PA")]
    public void Resolve_DepartmentWithOrWithoutAccents_GivesItsIsoCode(string admin1, string code)
    {
        var (place, violations) = Resolve("SV", admin1);

        Assert.True(violations.IsEmpty);
        Assert.Equal(code, place!.Admin1);
    }

    [Theory]
    [InlineData("SV")]
    [InlineData("sv")]
    [InlineData("El Salvador")]
    [InlineData("el salvador")]
    [InlineData("SLV")]
    public void Resolve_CountryAsCodeOrName_GivesAlpha2(string country)
    {
        var (place, violations) = Resolve(country, "San Salvador");

        Assert.True(violations.IsEmpty);
        Assert.Equal("SV", place!.CountryCode);
        Assert.Equal("SV-SS", place.Admin1);
    }

    [Theory]
    [InlineData("Guatemala", "Quetzaltenango", "GT", "GT-09")]
    [InlineData("GT", "GT-QZ", "GT", "GT-09")]
    [InlineData("Guatemala", "Petén", "GT", "GT-17")]
    [InlineData("Honduras", "Cortés", "HN", "HN-CR")]
    [InlineData("HN", "Francisco Morazan", "HN", "HN-FM")]
    [InlineData("Honduras", "Bay Islands", "HN", "HN-IB")]
    public void Resolve_GuatemalaAndHonduras_GiveTheirIsoCodes(string country, string admin1, string countryCode, string code)
    {
        var (place, violations) = Resolve(country, admin1);

        Assert.True(violations.IsEmpty);
        Assert.Equal(countryCode, place!.CountryCode);
        Assert.Equal(code, place.Admin1);
    }

    [Theory]
    [InlineData("Nueva San Salvador")]
    [InlineData("Santa Tecla")]
    [InlineData("santa tecla")]
    [InlineData("0511")]
    [InlineData("511")]
    public void Resolve_SantaTeclaByEitherName_GivesItsCodeAndDepartment(string admin2)
    {
        var (place, violations) = Resolve("SV", admin2: admin2);

        Assert.True(violations.IsEmpty);
        Assert.Equal(new ResolvedPlace("SV", "SV-LI", "La Libertad", "0511", "Santa Tecla"), place);
    }

    [Theory]
    [InlineData("San Salvador", "San Salvador", "0614")]
    [InlineData("San Salvador", "Soyapango", "0617")]
    [InlineData("San Salvador", "Mejicanos", "0608")]
    [InlineData("San Salvador", "Apopa", "0602")]
    [InlineData("San Salvador", "Ilopango", "0607")]
    [InlineData("San Miguel", "San Miguel", "1217")]
    [InlineData("Santa Ana", "Santa Ana", "0210")]
    [InlineData("Sonsonate", "Sonsonate", "0315")]
    [InlineData("La Paz", "Zacatecoluca", "0821")]
    [InlineData("Usulután", "Usulután", "1123")]
    [InlineData("La Unión", "La Union", "1408")]
    [InlineData("Cuscatlán", "Cojutepeque", "0702")]
    [InlineData("Morazán", "San Francisco Gotera", "1319")]
    [InlineData("Chalatenango", "Chalatenango", "0407")]
    [InlineData("Cabañas", "Sensuntepeque", "0906")]
    [InlineData("San Vicente", "San Vicente", "1010")]
    [InlineData("Ahuachapán", "Ahuachapan", "0101")]
    public void Resolve_MunicipalityInItsDepartment_GivesItsDigestycCode(string admin1, string admin2, string code)
    {
        var (place, violations) = Resolve("SV", admin1, admin2);

        Assert.True(violations.IsEmpty);
        Assert.Equal(code, place!.Admin2);
    }

    [Theory]
    [InlineData("San Miguel", "SV-SM", "1217")]
    [InlineData("Soyapango", "SV-SS", "0617")]
    [InlineData("Municipio de Mejicanos", "SV-SS", "0608")]
    public void Resolve_MunicipalityWithoutDepartment_AlsoResolvesTheDepartment(string admin2, string department, string code)
    {
        var (place, violations) = Resolve("SV", admin2: admin2);

        Assert.True(violations.IsEmpty);
        Assert.Equal(department, place!.Admin1);
        Assert.Equal(code, place.Admin2);
    }

    [Fact]
    public void Resolve_MunicipalityInTheDepartmentColumn_ResolvesBoth()
    {
        var (place, violations) = Resolve("SV", admin1: "Soyapango");

        Assert.True(violations.IsEmpty);
        Assert.Equal(new ResolvedPlace("SV", "SV-SS", "San Salvador", "0617", "Soyapango"), place);
    }

    [Fact]
    public void Resolve_UnknownDepartment_NamesTheFieldAndTheValue()
    {
        var (place, violations) = Resolve("SV", "Xyz");

        var violation = Assert.Single(violations.All);
        Assert.Equal("report.place.admin1", violation.Field);
        Assert.Equal("unknown department 'Xyz' for country SV", violation.Description);
        Assert.Null(place!.Admin1);
    }

    [Fact]
    public void Resolve_UnknownMunicipality_NamesTheFieldAndTheValue()
    {
        var (_, violations) = Resolve("SV", "San Salvador", "Gotham");

        var violation = Assert.Single(violations.All);
        Assert.Equal("report.place.admin2", violation.Field);
        Assert.Contains("'Gotham'", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MunicipalityOfAnotherDepartment_SaysWhereItIs()
    {
        var (_, violations) = Resolve("SV", "San Salvador", "Santa Tecla");

        var violation = Assert.Single(violations.All);
        Assert.Equal("report.place.admin2", violation.Field);
        Assert.Contains("SV-LI", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MunicipalityNameSharedByDepartments_AsksForTheDepartment()
    {
        var (_, violations) = Resolve("SV", admin2: "El Rosario");

        var violation = Assert.Single(violations.All);
        Assert.Equal("report.place.admin2", violation.Field);
        Assert.Contains("ambiguous", violation.Description, StringComparison.Ordinal);

        var (place, withDepartment) = Resolve("SV", "La Paz", "El Rosario");
        Assert.True(withDepartment.IsEmpty);
        Assert.Equal("0802", place!.Admin2);
    }

    [Theory]
    [InlineData("", "report.place.country_code")]
    [InlineData("Narnia", "report.place.country_code")]
    [InlineData("MX", "report.place.country_code")]
    public void Resolve_MissingOrUnsupportedCountry_IsAViolation(string country, string field)
    {
        var (place, violations) = Resolve(country, "San Salvador");

        Assert.Null(place);
        Assert.Equal(field, Assert.Single(violations.All).Field);
    }

    [Fact]
    public void Resolve_DepartmentOfAnotherCountry_IsAViolation()
    {
        var (_, violations) = Resolve("GT", "SV-SM");

        Assert.Equal("report.place.admin1", Assert.Single(violations.All).Field);
    }

    [Fact]
    public void Resolve_MunicipalityOfACountryWithoutMunicipalityList_KeepsTheNameWithoutCode()
    {
        var (place, violations) = Resolve("HN", "Cortés", "San Pedro Sula");

        Assert.True(violations.IsEmpty);
        Assert.Equal(new ResolvedPlace("HN", "HN-CR", "Cortés", null, "San Pedro Sula"), place);
    }

    [Theory]
    [InlineData("", "San Salvador Centro", "06M04", "San Salvador Centro")]
    [InlineData("San Salvador", "Municipio de San Salvador Este", "06M03", "San Salvador Este")]
    [InlineData("SV-SS", "06m03", "06M03", "San Salvador Este")]
    [InlineData("", "La Libertad Costa", "05M05", "La Libertad Costa")]
    [InlineData("San Salvador", "Soyapango", "0617", "Soyapango")]
    [InlineData("", "0617", "0617", "Soyapango")]
    [InlineData("La Libertad", "Nueva San Salvador", "0511", "Santa Tecla")]
    public void Resolve_ElSalvadorMunicipalityOfEitherGeography_GivesItsCode(string admin1, string admin2, string code, string name)
    {
        var (place, violations) = Resolve("SV", admin1, admin2);

        Assert.True(violations.IsEmpty, string.Join("; ", violations.All.Select(v => v.Description)));
        Assert.Equal((code, name), (place!.Admin2, place.Admin2Name));
        Assert.Equal(code.StartsWith("05", StringComparison.Ordinal) ? "SV-LI" : "SV-SS", place.Admin1);
    }
}
