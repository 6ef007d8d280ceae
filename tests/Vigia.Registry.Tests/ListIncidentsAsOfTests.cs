using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Vigia.Common.V1;
using Vigia.Registry.V1;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

/// <summary>ListIncidents as_of: each incident as the registry knew it at an instant, from the times its versions record.</summary>
public sealed class ListIncidentsAsOfTests : IAsyncLifetime
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);
    private RegistryTestHost _host = null!;

    public async Task InitializeAsync() => _host = await RegistryTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ListIncidents_AsOfBeforeAndAfterAmendment_OldThenNewVictims()
    {
        var incident = await RecordOneAsync("SV-SM", officers: 1);
        await AmendVictimsAsync(incident, officers: 3);
        var history = await HistoryAsync(incident);

        var before = await ListAsync(history[0].ChangeTime);
        var after = await ListAsync(history[1].ChangeTime);
        var now = await ListAsync(asOf: null);

        Assert.Equal((1L, 1), (before.Single().Version, before.Single().Victims.Single().Count));
        Assert.Equal((2L, 3), (after.Single().Version, after.Single().Victims.Single().Count));
        Assert.Equal(now, after);
    }

    [Fact]
    public async Task ListIncidents_AsOfBeforeAmendmentThatLeftTheSelector_StillListedThere()
    {
        var incident = await RecordOneAsync("SV-SM", officers: 1);
        var recorded = (await HistoryAsync(incident))[0].ChangeTime;
        await _host.Client.AmendIncidentAsync(new AmendIncidentRequest
        {
            Incident = new Incident { IncidentId = incident.IncidentId, Place = new Place { CountryCode = "SV", Admin1 = "SV-US" } },
            UpdateMask = FieldMask.FromString("place"),
            ExpectedVersion = 1,
            Reason = "it happened in Usulután",
        });

        var sanMiguelThen = await ListAsync(recorded, new Selector { Admin1 = { "SV-SM" } });
        var sanMiguelNow = await ListAsync(asOf: null, new Selector { Admin1 = { "SV-SM" } });
        var usulutanThen = await ListAsync(recorded, new Selector { Admin1 = { "SV-US" } });

        Assert.Equal(incident.IncidentId, sanMiguelThen.Single().IncidentId);
        Assert.Empty(sanMiguelNow);
        Assert.Empty(usulutanThen);
    }

    [Fact]
    public async Task ListIncidents_AsOfBeforeAndAfterRetraction_ListedThenNot()
    {
        var incident = await RecordOneAsync("SV-SM", officers: 1);
        await _host.Client.RetractIncidentAsync(new RetractIncidentRequest { IncidentId = incident.IncidentId, Reason = "not gang related", ExpectedVersion = 1 });
        var history = await HistoryAsync(incident);

        var before = await ListAsync(history[0].ChangeTime);
        var after = await ListAsync(history[1].ChangeTime);

        Assert.Equal(IncidentState.Active, before.Single().State);
        Assert.Empty(after);
    }

    [Fact]
    public async Task ListIncidents_AsOfBeforeAnIncidentWasRecorded_LeavesItOut()
    {
        var first = await RecordOneAsync("SV-SM", officers: 1);
        var firstRecorded = (await HistoryAsync(first))[0].ChangeTime;
        var second = await RecordOneAsync("SV-SS", officers: 2);

        var then = await ListAsync(firstRecorded);
        var now = await ListAsync(asOf: null);

        Assert.Equal([first.IncidentId], then.Select(i => i.IncidentId));
        Assert.Equal(new[] { first.IncidentId, second.IncidentId }.Order(), now.Select(i => i.IncidentId).Order());
    }

    [Fact]
    public async Task ListIncidents_AsOfPagedAcrossChangedAndUnchanged_EveryIncidentOnceInOrder()
    {
        var incidents = new List<Incident>();
        for (var i = 0; i < 5; i++)
        {
            incidents.Add(await RecordOneAsync("SV-SM", officers: 1));
        }

        var asOf = Timestamp.FromDateTime(DateTime.UtcNow);
        await AmendVictimsAsync(incidents[1], officers: 4);
        await AmendVictimsAsync(incidents[3], officers: 5);

        var seen = new List<Incident>();
        var request = new ListIncidentsRequest { Period = June2017(), PageSize = 2, AsOf = asOf };
        do
        {
            var page = await _host.Client.ListIncidentsAsync(request);
            seen.AddRange(page.Incidents);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(incidents.Select(i => i.IncidentId).Order(), seen.Select(i => i.IncidentId));
        Assert.All(seen, i => Assert.Equal((1L, 1), (i.Version, i.Victims.Single().Count)));
    }

    [Fact]
    public async Task ListIncidents_AsOfInTheFutureOrBefore1990_InvalidArgumentNamingAsOf()
    {
        foreach (var asOf in new[] { DateTime.UtcNow.AddHours(1), new DateTime(1989, 12, 31, 0, 0, 0, DateTimeKind.Utc) })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.ListIncidentsAsync(
                new ListIncidentsRequest { Period = June2017(), AsOf = Timestamp.FromDateTime(asOf) }).ResponseAsync);

            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Equal("as_of", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        }
    }

    private async Task<Incident> RecordOneAsync(string admin1, int officers)
    {
        var recordId = $"rec-{Guid.NewGuid():N}";
        await _host.RecordAsync(Batch(Report("pnc", recordId, s_june11, admin1: admin1, victims: [(VictimCategory.PoliceOfficer, officers)])));
        return (await _host.Client.ListIncidentsAsync(new ListIncidentsRequest { Period = June2017(), Source = "pnc", PageSize = 1000 }))
            .Incidents.Single(i => i.Sources.Any(s => s.SourceRecordId == recordId));
    }

    private async Task AmendVictimsAsync(Incident incident, int officers) =>
        await _host.Client.AmendIncidentAsync(new AmendIncidentRequest
        {
            Incident = new Incident { IncidentId = incident.IncidentId, Victims = { new Victims { Category = VictimCategory.PoliceOfficer, Count = officers } } },
            UpdateMask = FieldMask.FromString("victims"),
            ExpectedVersion = incident.Version,
            Reason = "forensic report",
        });

    private async Task<IReadOnlyList<IncidentVersion>> HistoryAsync(Incident incident) =>
        (await _host.Client.GetIncidentHistoryAsync(new GetIncidentHistoryRequest { IncidentId = incident.IncidentId })).Versions;

    private async Task<IReadOnlyList<Incident>> ListAsync(Timestamp? asOf, Selector? selector = null) =>
        (await _host.Client.ListIncidentsAsync(new ListIncidentsRequest { Period = June2017(), Selector = selector, AsOf = asOf, PageSize = 1000 })).Incidents;

    private static Period June2017() => new()
    {
        StartDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 1 },
        EndDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 30 },
    };
}
