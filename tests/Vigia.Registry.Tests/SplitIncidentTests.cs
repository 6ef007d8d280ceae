using Google.Rpc;
using Grpc.Core;
using Vigia.Common.V1;
using Vigia.Registry.V1;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

/// <summary>SplitIncident: undoing a wrong merge, through the gRPC service.</summary>
public class SplitIncidentTests
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);

    /// <summary>Two outlets' reports of what were two killings a day apart, merged by the rule into one incident.</summary>
    private static async Task<Incident> RecordWrongMergeAsync(RegistryTestHost host)
    {
        await host.RecordAsync(Batch(
            Report("elmundo", "em-1", s_june11, perpetrator: "ms13", victims: [(VictimCategory.PoliceOfficer, 1)]),
            Report("laprensa", "lp-7", s_june11.AddDays(1), victims: [(VictimCategory.PoliceOfficer, 2), (VictimCategory.Civilian, 1)])));
        var list = await host.Client.ListIncidentsAsync(new ListIncidentsRequest
        {
            Period = new Period { StartDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 1 }, EndDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 30 } },
        });
        return list.Incidents.Single();
    }

    [Fact]
    public async Task SplitIncident_MergedReport_MovesItToANewIncidentAndRecomputesBothSides()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var merged = await RecordWrongMergeAsync(host);
        Assert.Equal(2, merged.Victims.Single(v => v.Category == VictimCategory.PoliceOfficer).Count);
        var laPrensa = merged.Sources.Single(s => s.Source == "laprensa");
        Assert.Equal(LinkReason.MergeRule, laPrensa.LinkReason);

        var response = await host.ClientActingAs("curator-carla").SplitIncidentAsync(new SplitIncidentRequest
        {
            IncidentId = merged.IncidentId,
            ReportIds = { laPrensa.ReportId },
            ExpectedVersion = merged.Version,
            Reason = "two killings: the officer in Chinameca was a different man",
        });

        var (kept, split) = (response.Incident, response.SplitIncident);
        Assert.Equal((3L, "elmundo", 1, "ms13"), (kept.Version, kept.Sources.Single().Source, kept.Victims.Single().Count, kept.Perpetrator));
        Assert.Equal(s_june11, new DateOnly(kept.OccurredOn.Year, kept.OccurredOn.Month, kept.OccurredOn.Day));
        Assert.Equal((1L, "laprensa", "unknown"), (split.Version, split.Sources.Single().Source, split.Perpetrator));
        Assert.Equal(
            [(VictimCategory.PoliceOfficer, 2), (VictimCategory.Civilian, 1)],
            split.Victims.Select(v => (v.Category, v.Count)).OrderByDescending(v => v.Count));
        Assert.Equal(12, split.OccurredOn.Day);
        Assert.Equal(LinkReason.Split, split.Sources.Single().LinkReason);
        Assert.Contains("curator-carla", split.Sources.Single().MergeReason, StringComparison.Ordinal);

        var keptHistory = (await host.Client.GetIncidentHistoryAsync(new GetIncidentHistoryRequest { IncidentId = kept.IncidentId })).Versions;
        var splitHistory = (await host.Client.GetIncidentHistoryAsync(new GetIncidentHistoryRequest { IncidentId = split.IncidentId })).Versions;
        Assert.Equal([ChangeKind.Created, ChangeKind.Merged, ChangeKind.Split], keptHistory.Select(v => v.Kind));
        Assert.Equal([ChangeKind.Split], splitHistory.Select(v => v.Kind));
        Assert.All(new[] { keptHistory[^1], splitHistory[0] }, v => Assert.Equal("curator-carla", v.ChangedBy));
        Assert.Contains(split.IncidentId, keptHistory[^1].Reason, StringComparison.Ordinal);

        await RegistryTestHost.Eventually(() => Task.FromResult(host.Published.IncidentsChanged.Count == 2));
        var announced = host.Published.IncidentsChanged.Last().Incidents;
        Assert.Equal([(kept.IncidentId, 3L), (split.IncidentId, 1L)], announced.Select(i => (i.IncidentId.ToString(), i.Version)));
        await RegistryTestHost.Eventually(() => Task.FromResult(
            host.Published.ReportsRecorded.Any(m => m.Reports.Any(r => r.ReportId.ToString() == laPrensa.ReportId && r.IncidentId.ToString() == split.IncidentId))));
    }

    [Fact]
    public async Task SplitIncident_EveryReportOrOneNotOfTheIncident_InvalidArgumentNamingTheField()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var merged = await RecordWrongMergeAsync(host);
        var stranger = Guid.NewGuid().ToString();

        var everything = await Assert.ThrowsAsync<RpcException>(() => host.Client.SplitIncidentAsync(new SplitIncidentRequest
        {
            IncidentId = merged.IncidentId,
            ReportIds = { merged.Sources.Select(s => s.ReportId) },
            Reason = "all of it",
        }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => host.Client.SplitIncidentAsync(new SplitIncidentRequest
        {
            IncidentId = merged.IncidentId,
            ReportIds = { merged.Sources[0].ReportId, stranger, "not-an-id" },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, everything.StatusCode);
        Assert.Equal(["report_ids"], everything.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.Equal(["report_ids[2]", "reason"], unknown.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        var unknownReport = await Assert.ThrowsAsync<RpcException>(() => host.Client.SplitIncidentAsync(new SplitIncidentRequest
        {
            IncidentId = merged.IncidentId,
            ReportIds = { stranger },
            Reason = "not ours",
        }).ResponseAsync);
        Assert.Equal(["report_ids[0]"], unknownReport.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(2, (await host.Client.GetIncidentAsync(new GetIncidentRequest { IncidentId = merged.IncidentId })).Incident.Version);
    }

    [Fact]
    public async Task SplitIncident_StaleVersion_FailedPrecondition()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var merged = await RecordWrongMergeAsync(host);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.SplitIncidentAsync(new SplitIncidentRequest
        {
            IncidentId = merged.IncidentId,
            ReportIds = { merged.Sources[1].ReportId },
            ExpectedVersion = 1,
            Reason = "read before the merge",
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }
}
