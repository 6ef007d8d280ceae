using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigia.Common.V1;
using Vigia.Registry.V1;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

/// <summary>The registry's read RPCs over plain HTTP/JSON (gRPC JSON transcoding).</summary>
public sealed class JsonTranscodingTests
{
    [Fact]
    public async Task GetIncident_HttpGet_ReturnsTheIncidentAsJson()
    {
        await using var host = await RegistryTestHost.StartAsync();
        await host.RecordAsync(Batch(Report("pnc", "rec-http-1", new DateOnly(2017, 6, 11), admin1: "SV-SM", victims: [(VictimCategory.PoliceOfficer, 1)])));
        var id = (await host.Client.ListIncidentsAsync(new ListIncidentsRequest
        {
            Period = new Period { StartDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 1 }, EndDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 30 } },
        })).Incidents.Single().IncidentId;
        using var http = host.CreateHttpClient();

        var response = await http.GetAsync(new Uri($"/v1/incidents/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var incident = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incident");
        Assert.Equal(id, incident.GetProperty("incidentId").GetString());
        Assert.Equal("SV-SM", incident.GetProperty("place").GetProperty("admin1").GetString());
    }

    [Fact]
    public async Task GetIncident_HttpGetUnknownId_NotFound()
    {
        await using var host = await RegistryTestHost.StartAsync();
        using var http = host.CreateHttpClient();

        var response = await http.GetAsync(new Uri($"/v1/incidents/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
