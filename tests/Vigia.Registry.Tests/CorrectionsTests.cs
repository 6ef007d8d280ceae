using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Registry.V1;
using static Vigia.Registry.Tests.Reports;

namespace Vigia.Registry.Tests;

/// <summary>Sources' corrections and deletions, as ingestion announces them, through the registry's consumers.</summary>
public class CorrectionsTests
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);

    [Fact]
    public async Task Consume_CorrectedRevision_IncidentVersion2KeepsTheOldFiguresInHistoryAndIsAnnounced()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var original = Report("pnc", "a", s_june11, victims: [(VictimCategory.SecurityForceRelative, 1)]);
        await host.RecordAsync(Batch(original));

        await host.RecordAsync(Batch(original with
        {
            Revision = 2,
            Victims = [new VictimCount { Category = VictimCategory.SecurityForceRelative, Count = 3 }],
            Perpetrator = "ms13",
        }));

        var id = await host.QueryAsync(db => db.Incidents.Select(i => i.Id).SingleAsync());
        var history = (await host.Client.GetIncidentHistoryAsync(new GetIncidentHistoryRequest { IncidentId = id.ToString() })).Versions;
        Assert.Equal([ChangeKind.Created, ChangeKind.Corrected], history.Select(v => v.Kind));
        Assert.Equal((1, "unknown"), (history[0].Incident.Victims.Single().Count, history[0].Incident.Perpetrator));
        Assert.Equal((3, "ms13", 2L), (history[1].Incident.Victims.Single().Count, history[1].Incident.Perpetrator, history[1].Version));
        Assert.StartsWith("corrected by source pnc", history[1].Reason, StringComparison.Ordinal);
        Assert.Equal(2, history[1].Incident.Sources.Single().Revision);
        Assert.Equal(1, history[0].Incident.Sources.Single().Victims.Single().Count);
        await RegistryTestHost.Eventually(() => Task.FromResult(host.Published.IncidentsChanged.Count == 2));
        Assert.Equal([1L, 2L], host.Published.IncidentsChanged.Select(m => m.Incidents.Single().Version).Order());
    }

    [Fact]
    public async Task Consume_CorrectionMovesTheDate_IncidentMovesWithIt()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var original = Report("pnc", "a", s_june11);
        await host.RecordAsync(Batch(original));

        await host.RecordAsync(Batch(original with { Revision = 2, OccurredOn = s_june11.AddDays(5) }));

        var incident = await host.QueryAsync(db => db.Incidents.SingleAsync());
        Assert.Equal((s_june11.AddDays(5), 2L), (incident.OccurredOn, incident.Version));
    }

    [Fact]
    public async Task Consume_WithdrawalOfTheOnlyReport_RetractsTheIncidentSayingDeletedBySource()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var report = Report("acled", "SLV1", s_june11);
        await host.RecordAsync(Batch(report));

        await host.WithdrawAsync(Withdrawn(report));

        var id = await host.QueryAsync(db => db.Incidents.Select(i => i.Id).SingleAsync());
        var incident = (await host.Client.GetIncidentAsync(new GetIncidentRequest { IncidentId = id.ToString() })).Incident;
        Assert.Equal(IncidentState.Retracted, incident.State);
        Assert.NotNull(incident.Sources.Single().WithdrawTime);
        var last = (await host.Client.GetIncidentHistoryAsync(new GetIncidentHistoryRequest { IncidentId = id.ToString() })).Versions[^1];
        Assert.Equal((ChangeKind.Retracted, "deleted by source acled", "ingestion:acled"), (last.Kind, last.Reason, last.ChangedBy));
    }

    [Fact]
    public async Task Consume_WithdrawalOfOneOfTwoReports_IncidentKeepsTheOtherReportsFigures()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var acled = Report("acled", "SLV1", s_june11, victims: [(VictimCategory.Civilian, 4)]);
        var pnc = Report("pnc", "a", s_june11, victims: [(VictimCategory.Civilian, 2)]);
        await host.RecordAsync(Batch(acled, pnc));

        await host.WithdrawAsync(Withdrawn(acled));

        var incident = await host.QueryAsync(db => db.Incidents.Include(i => i.Sources).SingleAsync());
        Assert.True(incident.IsActive);
        Assert.Equal((2, 3L), (incident.Victims.Single().Count, incident.Version));
    }

    private static ReportsWithdrawn Withdrawn(AcceptedReport report) => new()
    {
        BatchId = Guid.NewGuid(),
        Reports =
        [
            new WithdrawnReport
            {
                ReportId = report.ReportId,
                Source = report.Source,
                SourceRecordId = report.SourceRecordId,
                Revision = report.Revision + 1,
                Reason = $"deleted by source {report.Source}",
            },
        ],
    };
}
