using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Vigia.Common.V1;
using Vigia.Contracts.Places;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Grpc;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

/// <summary>AmendIncident resolves an amended place with ingestion's own resolver: the same places in, the same codes out.</summary>
public class AmendIncidentPlaceTests
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);
    private static readonly PlaceResolver s_ingestionsResolver = new(Gazetteer.LoadEmbedded());

    private static async Task<Incident> RecordInSanMiguelAsync(RegistryTestHost host)
    {
        await host.RecordAsync(Batch(Report("pnc", $"rec-{Guid.NewGuid():N}", s_june11, admin1: "SV-SM", victims: [(VictimCategory.PoliceOfficer, 1)])));
        var period = new Period { StartDate = new Google.Type.Date { Year = 2017, Month = 1, Day = 1 }, EndDate = new Google.Type.Date { Year = 2017, Month = 12, Day = 31 } };
        return (await host.Client.ListIncidentsAsync(new ListIncidentsRequest { Period = period })).Incidents.Single();
    }

    private static AmendIncidentRequest Amend(Incident incident, Place place, string mask = "place") => new()
    {
        Incident = new Incident { IncidentId = incident.IncidentId, Place = place },
        UpdateMask = FieldMask.FromString(mask),
        ExpectedVersion = incident.Version,
        Reason = "the place was wrong",
    };

    [Theory]
    [InlineData("XX", "", "", "incident.place.country_code")]
    [InlineData("SV", "Xyz", "", "incident.place.admin1")]
    [InlineData("GT", "SV-SM", "", "incident.place.admin1")]
    [InlineData("SV", "SV-SM", "9999", "incident.place.admin2")]
    [InlineData("SV", "", "05001", "incident.place.admin2")]
    [InlineData("CO", "CO-ANT", "Atlantis", "incident.place.admin2")]
    public async Task AmendIncident_PlaceThatDoesNotResolve_InvalidArgumentWithIngestionsViolationAndNothingChanges(
        string country, string admin1, string admin2, string field)
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordInSanMiguelAsync(host);
        var place = new Place { CountryCode = country, Admin1 = admin1, Admin2 = admin2 };
        var ingestionWould = new FieldViolations();
        s_ingestionsResolver.Resolve(place, "incident.place", ingestionWould);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.AmendIncidentAsync(Amend(incident, place)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.Equal(Assert.Single(ingestionWould.All).Description, violation.Description);
        Assert.Equal(1, (await host.Client.GetIncidentAsync(new GetIncidentRequest { IncidentId = incident.IncidentId })).Incident.Version);
    }

    [Theory]
    [InlineData("SV", "Dpto. de Usulután", "Jiquilisco", "SV-US", "Usulután", "1108", "Jiquilisco")]
    [InlineData("El Salvador", "", "1123", "SV-US", "Usulután", "1123", "Usulután")]
    [InlineData("CO", "ANTIOQUIA", "MEDELLÍN", "CO-ANT", "Antioquia", "05001", "Medellín")]
    [InlineData("CO", "CUNDINAMARCA", "BOGOTÁ D.C.", "CO-DC", "Bogotá D.C.", "11001", "Bogotá D.C.")]
    public async Task AmendIncident_PlaceByNameOrCode_StoresTheGazetteersCodesAndNames(
        string country, string admin1, string admin2, string admin1Code, string admin1Name, string admin2Code, string admin2Name)
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordInSanMiguelAsync(host);

        var amended = (await host.Client.AmendIncidentAsync(Amend(incident, new Place { CountryCode = country, Admin1 = admin1, Admin2 = admin2 }))).Incident;

        Assert.Equal(
            (country == "El Salvador" ? "SV" : country, admin1Code, admin1Name, admin2Code, admin2Name),
            (amended.Place.CountryCode, amended.Place.Admin1, amended.Place.Admin1Name, amended.Place.Admin2, amended.Place.Admin2Name));
        Assert.Equal(2, amended.Version);
    }

    [Fact]
    public async Task AmendIncident_OnlyTheMunicipality_IsResolvedWithinTheStoredDepartment()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordInSanMiguelAsync(host);

        var error = await Assert.ThrowsAsync<RpcException>(
            () => host.Client.AmendIncidentAsync(Amend(incident, new Place { Admin2 = "Soyapango" }, "place.admin2")).ResponseAsync);
        var amended = (await host.Client.AmendIncidentAsync(Amend(incident, new Place { Admin2 = "Chirilagua" }, "place.admin2"))).Incident;

        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("incident.place.admin2", violation.Field);
        Assert.Contains("not in department SV-SM", violation.Description, StringComparison.Ordinal);
        Assert.Equal(("SV", "SV-SM", "1206", "Chirilagua"), (amended.Place.CountryCode, amended.Place.Admin1, amended.Place.Admin2, amended.Place.Admin2Name));
    }
}
