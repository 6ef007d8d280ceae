using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.Registry.Grpc;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Grpc;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

public class RegistryGrpcServiceTests
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);

    private static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    private static ListIncidentsRequest Year2017(Selector? selector = null, int pageSize = 0) => new()
    {
        Period = new Period { StartDate = Date(2017, 1, 1), EndDate = Date(2017, 12, 31) },
        Selector = selector,
        PageSize = pageSize,
    };

    /// <summary>The free-text header that once named the actor; the token's subject must win over it.</summary>
    private static Metadata ClaimsToBeSomeoneElse() => new() { { "x-vigia-actor", "someone-else" } };

    private static async Task<Incident> RecordOneAsync(RegistryTestHost host, string admin1 = "SV-SM")
    {
        await host.RecordAsync(Batch(Report("pnc", $"rec-{Guid.NewGuid():N}", s_june11, admin1: admin1, victims: [(VictimCategory.PoliceOfficer, 1)])));
        return (await host.Client.ListIncidentsAsync(Year2017(new Selector { Admin1 = { admin1 } }))).Incidents.Single();
    }

    [Fact]
    public async Task ListIncidents_WhileAWriteTransactionIsOpen_AnswersWithWhatIsCommitted()
    {
        // The embedded default is SQLite: a query must read the committed state (WAL), not wait for the writer.
        await using var host = await RegistryTestHost.StartAsync();
        var listed = await RecordOneAsync(host);

        var answered = await host.QueryAsync(async db =>
        {
            Assert.True(db.Database.IsSqlite());
            await using var write = await db.Database.BeginTransactionAsync();
            await db.Incidents.ExecuteUpdateAsync(i => i.SetProperty(x => x.Admin2Name, "uncommitted"));
            var reply = await host.Client.ListIncidentsAsync(Year2017(), deadline: DateTime.UtcNow.AddSeconds(15));
            await write.RollbackAsync();
            return reply;
        });

        Assert.Equal(listed, answered.Incidents.Single());
    }

    [Fact]
    public async Task GetIncident_RecordedIncident_ReturnsIt()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var listed = await RecordOneAsync(host);

        var incident = (await host.Client.GetIncidentAsync(new GetIncidentRequest { IncidentId = listed.IncidentId })).Incident;

        Assert.Equal(listed, incident);
        Assert.Equal(IncidentState.Active, incident.State);
        Assert.Equal(Date(2017, 6, 11), incident.OccurredOn);
        Assert.Equal("SV-SM", incident.Place.Admin1);
    }

    [Fact]
    public async Task GetIncident_MalformedId_InvalidArgument()
    {
        await using var host = await RegistryTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetIncidentAsync(new GetIncidentRequest { IncidentId = "nope" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("incident_id", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task GetIncident_UnknownId_NotFound()
    {
        await using var host = await RegistryTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(
            () => host.Client.GetIncidentAsync(new GetIncidentRequest { IncidentId = Guid.NewGuid().ToString() }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task ListIncidents_SelectorsAcrossPages_ReturnsEveryMatchOnceInOrder()
    {
        await using var host = await RegistryTestHost.StartAsync();
        // 40 days × (SV-SM homicide of a police officer, SV-SM attack, SV-SA homicide of a police officer, SV-SM homicide of a civilian).
        var reports = Enumerable.Range(0, 40).SelectMany(d => new[]
        {
            Report("pnc", $"a{d}", s_june11.AddDays(d * 2), victims: [(VictimCategory.PoliceOfficer, 1)]),
            Report("pnc", $"b{d}", s_june11.AddDays(d * 2), type: IncidentType.Attack, victims: [(VictimCategory.PoliceOfficer, 1)]),
            Report("pnc", $"c{d}", s_june11.AddDays(d * 2), admin1: "SV-SA", victims: [(VictimCategory.PoliceOfficer, 1)]),
            Report("pnc", $"d{d}", s_june11.AddDays(d * 2), victims: [(VictimCategory.Civilian, 2)]),
        }).ToArray();
        await host.RecordAsync(Batch(reports));
        var selector = new Selector
        {
            CountryCodes = { "sv" },
            Admin1 = { "SV-SM" },
            IncidentTypes = { IncidentType.Homicide },
            VictimCategories = { VictimCategory.PoliceOfficer },
        };

        var pages = new List<ListIncidentsResponse>();
        var request = Year2017(selector, pageSize: 7);
        do
        {
            pages.Add(await host.Client.ListIncidentsAsync(request));
            request.PageToken = pages[^1].NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(6, pages.Count);
        Assert.All(pages.SkipLast(1), p => Assert.Equal(7, p.Incidents.Count));
        var incidents = pages.SelectMany(p => p.Incidents).ToList();
        Assert.Equal(40, incidents.Count);
        Assert.Equal(40, incidents.Select(i => i.IncidentId).Distinct().Count());
        Assert.All(incidents, i =>
        {
            Assert.Equal(("SV-SM", IncidentType.Homicide), (i.Place.Admin1, i.IncidentType));
            Assert.Equal(VictimCategory.PoliceOfficer, i.Victims.Single().Category);
        });
        var dates = incidents.Select(i => new DateOnly(i.OccurredOn.Year, i.OccurredOn.Month, i.OccurredOn.Day)).ToList();
        Assert.Equal(dates.Order(), dates);
        var unfiltered = await host.Client.ListIncidentsAsync(Year2017());
        Assert.Equal(IncidentRequests.DefaultPageSize, unfiltered.Incidents.Count);
        Assert.NotEmpty(unfiltered.NextPageToken);
    }

    [Fact]
    public async Task ListIncidents_BySource_OnlyThatSourcesIncidents()
    {
        await using var host = await RegistryTestHost.StartAsync();
        await host.RecordAsync(Batch(
            Report("pnc", "1", s_june11), Report("acled", "1", s_june11), Report("acled", "2", s_june11, admin1: "SV-SA")));

        var incidents = (await host.Client.ListIncidentsAsync(new ListIncidentsRequest(Year2017()) { Source = "acled" })).Incidents;

        Assert.Equal(2, incidents.Count);
        Assert.Single((await host.Client.ListIncidentsAsync(new ListIncidentsRequest(Year2017()) { Source = "pnc" })).Incidents);
    }

    [Fact]
    public async Task ListIncidents_BadPeriodSelectorAndToken_InvalidArgumentListingEveryField()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var request = new ListIncidentsRequest
        {
            Period = new Period { StartDate = Date(2017, 2, 30), EndDate = Date(2017, 6, 1) },
            Selector = new Selector { IncidentTypes = { IncidentType.Unspecified } },
            PageToken = "not-a-token",
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ListIncidentsAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            ["period.start_date", "selector.incident_types[0]", "page_token"],
            error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task ListIncidents_EndBeforeStart_InvalidArgument()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var request = new ListIncidentsRequest { Period = new Period { StartDate = Date(2017, 6, 2), EndDate = Date(2017, 6, 1) } };

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ListIncidentsAsync(request).ResponseAsync);

        Assert.Equal("period.end_date", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task AmendIncident_StaleVersion_FailedPreconditionWithPreconditionFailure()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordOneAsync(host);
        var request = new AmendIncidentRequest
        {
            Incident = new Incident { IncidentId = incident.IncidentId, Perpetrator = "MS13" },
            UpdateMask = FieldMask.FromString("perpetrator"),
            ExpectedVersion = 1,
            Reason = "police bulletin names the gang",
        };
        await host.Client.AmendIncidentAsync(request);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.AmendIncidentAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal($"incidents/{incident.IncidentId}", violation.Subject);
        Assert.Contains("version 2", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AmendIncident_CurrentVersion_ChangesMaskedFieldsOnlyAndAnnouncesIt()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordOneAsync(host);
        var request = new AmendIncidentRequest
        {
            Incident = new Incident
            {
                IncidentId = incident.IncidentId,
                Victims = { new Victims { Category = VictimCategory.PoliceOfficer, Count = 2 } },
                Perpetrator = "Barrio 18 Revolucionarios",
                Description = "not in the mask",
            },
            UpdateMask = FieldMask.FromString("victims,perpetrator"),
            ExpectedVersion = 1,
            Reason = "forensic report: two officers",
        };

        var amended = (await host.Client.AmendIncidentAsync(request)).Incident;

        Assert.Equal(2, amended.Version);
        Assert.Equal(2, amended.Victims.Single().Count);
        Assert.Equal("Barrio 18 Revolucionarios", amended.Perpetrator);
        Assert.Equal(incident.Description, amended.Description);
        Assert.Equal(amended, (await host.Client.GetIncidentAsync(new GetIncidentRequest { IncidentId = incident.IncidentId })).Incident);
        await RegistryTestHost.Eventually(() => Task.FromResult(host.Published.IncidentsChanged.Count == 2));
        var snapshot = host.Published.IncidentsChanged.Last().Incidents.Single();
        Assert.Equal((2L, 2), (snapshot.Version, snapshot.Victims.Single().Count));
    }

    [Fact]
    public async Task AmendIncident_UnknownMaskPathAndNoReason_InvalidArgumentListingBoth()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordOneAsync(host);
        var request = new AmendIncidentRequest
        {
            Incident = new Incident { IncidentId = incident.IncidentId },
            UpdateMask = FieldMask.FromString("state"),
            ExpectedVersion = 1,
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.AmendIncidentAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["update_mask.paths[0]", "reason"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(1, (await host.Client.GetIncidentAsync(new GetIncidentRequest { IncidentId = incident.IncidentId })).Incident.Version);
    }

    [Fact]
    public async Task AmendIncident_WhatIngestionWouldRefuse_InvalidArgumentNamingEachFieldAndNothingChanges()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordOneAsync(host);
        var request = new AmendIncidentRequest
        {
            Incident = new Incident
            {
                IncidentId = incident.IncidentId,
                OccurredOn = new Google.Type.Date { Year = 9999, Month = 12, Day = 31 },
                Place = new Place { CountryCode = "SV", Admin1 = new string('S', 201), Admin2 = "Soya\0pango" },
                Perpetrator = new string('m', 201),
                Description = "line\u0007bell",
            },
            UpdateMask = FieldMask.FromString("occurred_on,place,perpetrator,description"),
            ExpectedVersion = 1,
            Reason = "hostile",
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.AmendIncidentAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            ["incident.occurred_on", "incident.place.admin1", "incident.place.admin2", "incident.perpetrator", "incident.description"],
            error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(1, (await host.Client.GetIncidentAsync(new GetIncidentRequest { IncidentId = incident.IncidentId })).Incident.Version);
    }

    [Fact]
    public async Task AmendIncident_VictimsThatWouldOverflowAnInt_InvalidArgumentOnVictims()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordOneAsync(host);
        var request = new AmendIncidentRequest
        {
            Incident = new Incident { IncidentId = incident.IncidentId },
            UpdateMask = FieldMask.FromString("victims"),
            ExpectedVersion = 1,
            Reason = "hostile",
        };
        // 43,000 x 100,000 is 4.3 billion: summed as an int it wrapped to a small count.
        request.Incident.Victims.AddRange(Enumerable.Range(0, 43_000).Select(_ => new Victims { Category = VictimCategory.Civilian, Count = 100_000 }));

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.AmendIncidentAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("incident.victims", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task AmendIncident_CallerNameOver200Characters_InvalidArgumentOnAuthorization()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordOneAsync(host);
        var request = new AmendIncidentRequest
        {
            Incident = new Incident { IncidentId = incident.IncidentId, Description = "fine" },
            UpdateMask = FieldMask.FromString("description"),
            ExpectedVersion = 1,
            Reason = "a long name",
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => host.ClientActingAs(new string('a', 201)).AmendIncidentAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("authorization", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task GetIncidentHistory_AfterMergeAmendAndRetract_ListsEveryVersionWithTheTokenSubjectAndWhy()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordOneAsync(host);
        await host.RecordAsync(Batch(Report("acled", "x", s_june11, victims: [(VictimCategory.PoliceOfficer, 1)])));
        await host.ClientActingAs("analyst-ana", clientId: "vigia-cli").AmendIncidentAsync(
            new AmendIncidentRequest
            {
                Incident = new Incident { IncidentId = incident.IncidentId, OccurredOn = Date(2017, 6, 10) },
                UpdateMask = FieldMask.FromString("occurred_on"),
                ExpectedVersion = 2,
                Reason = "the body was found on the 11th; the killing was on the 10th",
            },
            ClaimsToBeSomeoneElse());
        await host.ClientActingAs("curator-luis").RetractIncidentAsync(
            new RetractIncidentRequest { IncidentId = incident.IncidentId, Reason = "duplicate of another incident" },
            ClaimsToBeSomeoneElse());

        var versions = (await host.Client.GetIncidentHistoryAsync(new GetIncidentHistoryRequest { IncidentId = incident.IncidentId })).Versions;

        Assert.Equal([1L, 2, 3, 4], versions.Select(v => v.Version));
        Assert.Equal([ChangeKind.Created, ChangeKind.Merged, ChangeKind.Amended, ChangeKind.Retracted], versions.Select(v => v.Kind));
        Assert.Equal(["ingestion:pnc", "ingestion:acled", "analyst-ana (client vigia-cli)", "curator-luis"], versions.Select(v => v.ChangedBy));
        Assert.StartsWith("report ", versions[0].Reason, StringComparison.Ordinal);
        Assert.Equal("the body was found on the 11th; the killing was on the 10th", versions[2].Reason);
        Assert.Equal("duplicate of another incident", versions[3].Reason);
        Assert.Equal([1, 2, 2, 2], versions.Select(v => v.Incident.Sources.Count));
        Assert.Equal(Date(2017, 6, 11), versions[1].Incident.OccurredOn);
        Assert.Equal(Date(2017, 6, 10), versions[2].Incident.OccurredOn);
        Assert.Equal(IncidentState.Retracted, versions[3].Incident.State);
        Assert.All(versions, v => Assert.NotNull(v.ChangeTime));
    }

    [Fact]
    public async Task RetractIncident_Retracted_ExcludedFromListUnlessIncludeRetracted()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordOneAsync(host);

        var retracted = (await host.Client.RetractIncidentAsync(
            new RetractIncidentRequest { IncidentId = incident.IncidentId, Reason = "not gang related", ExpectedVersion = 1 })).Incident;

        Assert.Equal((IncidentState.Retracted, 2L), (retracted.State, retracted.Version));
        Assert.Empty((await host.Client.ListIncidentsAsync(Year2017())).Incidents);
        Assert.Single((await host.Client.ListIncidentsAsync(new ListIncidentsRequest(Year2017()) { IncludeRetracted = true })).Incidents);
        await RegistryTestHost.Eventually(() => Task.FromResult(host.Published.IncidentsChanged.Count == 2));
        Assert.True(host.Published.IncidentsChanged.Last().Incidents.Single().Retracted);
    }

    [Fact]
    public async Task RetractIncident_NoReason_InvalidArgument()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordOneAsync(host);

        var error = await Assert.ThrowsAsync<RpcException>(
            () => host.Client.RetractIncidentAsync(new RetractIncidentRequest { IncidentId = incident.IncidentId }).ResponseAsync);

        Assert.Equal("reason", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task WatchIncidents_FromSequence_StreamsLaterChangesInOrderThenLiveOnes()
    {
        await using var host = await RegistryTestHost.StartAsync();
        await host.RecordAsync(Batch(
            Report("pnc", "1", s_june11), Report("pnc", "2", s_june11, admin1: "SV-SA"), Report("pnc", "3", s_june11, admin1: "SV-SS")));
        await host.RecordAsync(Batch(Report("acled", "1", s_june11)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var all = await ReadAsync(host.Client.WatchIncidents(new WatchIncidentsRequest(), cancellationToken: cancel.Token), 4, cancel.Token);
        Assert.Equal([ChangeKind.Created, ChangeKind.Created, ChangeKind.Created, ChangeKind.Merged], all.Select(c => c.Kind));
        Assert.Equal(all.Select(c => c.Sequence).Order(), all.Select(c => c.Sequence));

        using var watch = host.Client.WatchIncidents(
            new WatchIncidentsRequest { FromSequence = all[0].Sequence, Selector = new Selector { Admin1 = { "SV-SM", "SV-SS" } } },
            cancellationToken: cancel.Token);
        var replayed = await ReadAsync(watch, 2, cancel.Token);
        Assert.Equal([all[2].Sequence, all[3].Sequence], replayed.Select(c => c.Sequence));

        await host.Client.RetractIncidentAsync(new RetractIncidentRequest { IncidentId = all[1].Incident.IncidentId, Reason = "outside the selector" });
        await host.Client.RetractIncidentAsync(new RetractIncidentRequest { IncidentId = all[2].Incident.IncidentId, Reason = "inside the selector" });
        var live = Assert.Single(await ReadAsync(watch, 1, cancel.Token));
        Assert.Equal((ChangeKind.Retracted, all[2].Incident.IncidentId), (live.Kind, live.Incident.IncidentId));
        Assert.True(live.Sequence > all[3].Sequence + 1);
        Assert.Equal(IncidentState.Retracted, live.Incident.State);
    }

    [Fact]
    public async Task WatchIncidents_AmendmentMovesIncidentOutOfSelector_StillStreamed()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var incident = await RecordOneAsync(host);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = host.Client.WatchIncidents(
            new WatchIncidentsRequest { Selector = new Selector { Admin1 = { "SV-SM" } } }, cancellationToken: cancel.Token);
        Assert.Single(await ReadAsync(watch, 1, cancel.Token));

        await host.Client.AmendIncidentAsync(new AmendIncidentRequest
        {
            Incident = new Incident { IncidentId = incident.IncidentId, Place = new Place { CountryCode = "SV", Admin1 = "SV-US" } },
            UpdateMask = FieldMask.FromString("place"),
            ExpectedVersion = 1,
            Reason = "it happened in Usulután",
        });

        var moved = Assert.Single(await ReadAsync(watch, 1, cancel.Token));
        Assert.Equal((ChangeKind.Amended, "SV-US"), (moved.Kind, moved.Incident.Place.Admin1));
    }

    private static async Task<List<IncidentChange>> ReadAsync(AsyncServerStreamingCall<WatchIncidentsResponse> call, int count, CancellationToken ct)
    {
        var changes = new List<IncidentChange>();
        while (changes.Count < count && await call.ResponseStream.MoveNext(ct))
        {
            changes.Add(call.ResponseStream.Current.Change);
        }

        return changes;
    }
}
