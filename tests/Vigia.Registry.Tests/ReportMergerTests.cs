using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Registry.Incidents;
using Vigia.Registry.V1;
using static Vigia.Registry.Tests.Reports;
using Incident = Vigia.Registry.Incidents.Incident;

namespace Vigia.Registry.Tests;

public class ReportMergerTests
{
    private static readonly DateOnly s_june11 = new(2017, 6, 11);
    private static readonly DateTime s_now = new(2017, 6, 13, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Dictionary<(string, string), Guid> s_nothingRecorded = [];

    private static MergedBatch Merge(params AcceptedReport[] reports) => Merge([], reports);

    private static MergedBatch Merge(IEnumerable<Incident> candidates, params AcceptedReport[] reports) =>
        ReportMerger.MergeBatch(reports, s_nothingRecorded, candidates, [], s_now);

    [Fact]
    public void MergeBatch_SameIncidentFromTwoSources_OneIncidentWithMaxNumbersAndBothSources()
    {
        // Seed 001: one outlet counts a former soldier among the relatives killed, the other does not.
        var elMundo = Report("elmundo", "em-1", s_june11, victims: [(VictimCategory.SecurityForceRelative, 3)]);
        var laPrensa = Report("laprensa", "lp-7", s_june11, perpetrator: "MS13",
            victims: [(VictimCategory.SecurityForceRelative, 2), (VictimCategory.FormerSecurityForce, 1)]);

        var batch = Merge(elMundo, laPrensa);

        var incident = Assert.Single(batch.Created);
        Assert.Equal(3, incident.Victims.Single(v => v.Category == VictimCategory.SecurityForceRelative).Count);
        Assert.Equal(1, incident.Victims.Single(v => v.Category == VictimCategory.FormerSecurityForce).Count);
        Assert.Equal(["elmundo", "laprensa"], incident.Sources.Select(s => s.Source));
        Assert.Equal(3, incident.Sources[0].Victims.Single().Count);
        Assert.Equal(2, incident.Sources[1].Victims.Single(v => v.Category == VictimCategory.SecurityForceRelative).Count);
        Assert.Equal("MS13", incident.Perpetrator);
        Assert.Equal(2, incident.Version);
        Assert.All(batch.Recorded, r => Assert.Equal(incident.Id, r.IncidentId));
        Assert.Single(batch.Changed);
    }

    [Fact]
    public void MergeBatch_TwoRecordsFromSameSource_TwoIncidents()
    {
        var batch = Merge(Report("pnc", "a", s_june11), Report("pnc", "b", s_june11));

        Assert.Equal(2, batch.Created.Count);
        Assert.NotEqual(batch.Recorded[0].IncidentId, batch.Recorded[1].IncidentId);
    }

    [Fact]
    public void MergeBatch_ThirdSourceAfterSameSourceTwice_MergesIntoOneOfThem()
    {
        var batch = Merge(Report("pnc", "a", s_june11), Report("pnc", "b", s_june11), Report("acled", "x", s_june11));

        Assert.Equal(2, batch.Created.Count);
        Assert.Equal(batch.Recorded[0].IncidentId, batch.Recorded[2].IncidentId);
    }

    [Fact]
    public void MergeBatch_AdjacentDays_OneIncident()
    {
        var batch = Merge(Report("pnc", "a", s_june11), Report("acled", "x", s_june11.AddDays(1)));

        Assert.Single(batch.Created);
    }

    [Fact]
    public void MergeBatch_DaysTwoApart_SeparateIncidents()
    {
        var batch = Merge(Report("pnc", "a", s_june11), Report("acled", "x", s_june11.AddDays(2)));

        Assert.Equal(2, batch.Created.Count);
    }

    [Fact]
    public void MergeBatch_DifferentDepartment_SeparateIncidents()
    {
        var batch = Merge(Report("pnc", "a", s_june11, admin1: "SV-SM"), Report("acled", "x", s_june11, admin1: "SV-SA"));

        Assert.Equal(2, batch.Created.Count);
    }

    [Fact]
    public void MergeBatch_DifferentIncidentType_SeparateIncidents()
    {
        var batch = Merge(Report("pnc", "a", s_june11), Report("acled", "x", s_june11, type: IncidentType.Attack));

        Assert.Equal(2, batch.Created.Count);
    }

    [Fact]
    public void MergeBatch_DifferentMunicipalities_SeparateIncidents()
    {
        var batch = Merge(Report("pnc", "a", s_june11, admin2: "1201"), Report("acled", "x", s_june11, admin2: "1202"));

        Assert.Equal(2, batch.Created.Count);
    }

    [Fact]
    public void MergeBatch_OneSourceWithoutMunicipality_MergesAndKeepsTheMunicipality()
    {
        var batch = Merge(Report("pnc", "a", s_june11), Report("acled", "x", s_june11, admin2: "1217"));

        Assert.Equal("1217", Assert.Single(batch.Created).Admin2);
    }

    [Fact]
    public void MergeBatch_NoSharedVictimCategory_SeparateIncidents()
    {
        var batch = Merge(
            Report("pnc", "a", s_june11, victims: [(VictimCategory.PoliceOfficer, 1)]),
            Report("acled", "x", s_june11, victims: [(VictimCategory.Soldier, 1)]));

        Assert.Equal(2, batch.Created.Count);
    }

    [Fact]
    public void MergeBatch_BothWithoutVictims_OneIncident()
    {
        var batch = Merge(
            Report("pnc", "a", s_june11, type: IncidentType.Extortion, victims: [(VictimCategory.Civilian, 0)]),
            Report("acled", "x", s_june11, type: IncidentType.Extortion, victims: [(VictimCategory.Civilian, 0)]));

        Assert.Empty(Assert.Single(batch.Created).Victims);
    }

    [Fact]
    public void MergeBatch_SpecificPerpetratorAfterUnknown_SpecificWins()
    {
        var batch = Merge(Report("pnc", "a", s_june11, perpetrator: "unknown"), Report("acled", "x", s_june11, perpetrator: "Barrio 18 Sureños"));

        Assert.Equal("Barrio 18 Sureños", Assert.Single(batch.Created).Perpetrator);
    }

    [Fact]
    public void MergeBatch_UnknownPerpetratorAfterSpecific_SpecificStays()
    {
        var batch = Merge(Report("pnc", "a", s_june11, perpetrator: "MS13"), Report("acled", "x", s_june11, perpetrator: "unknown"));

        Assert.Equal("MS13", Assert.Single(batch.Created).Perpetrator);
    }

    [Fact]
    public void MergeBatch_WeekPrecisionInSameIsoWeek_MergesAndKeepsTheDay()
    {
        // Monday June 12 to Sunday June 18 2017 is one ISO week.
        var batch = Merge(
            Report("acled", "x", new DateOnly(2017, 6, 12), precision: DatePrecision.Week),
            Report("pnc", "a", new DateOnly(2017, 6, 16)));

        var incident = Assert.Single(batch.Created);
        Assert.Equal(DatePrecision.Day, incident.DatePrecision);
        Assert.Equal(new DateOnly(2017, 6, 16), incident.OccurredOn);
    }

    [Fact]
    public void MergeBatch_WeekPrecisionInNextIsoWeek_SeparateIncidents()
    {
        var batch = Merge(
            Report("acled", "x", new DateOnly(2017, 6, 12), precision: DatePrecision.Week),
            Report("pnc", "a", new DateOnly(2017, 6, 19)));

        Assert.Equal(2, batch.Created.Count);
    }

    [Fact]
    public void MergeBatch_StoredCandidateFromAnotherSource_MergedIntoIt()
    {
        var stored = Merge(Report("pnc", "a", s_june11, victims: [(VictimCategory.PoliceOfficer, 1)])).Created.Single();

        var batch = Merge([stored], Report("acled", "x", s_june11, victims: [(VictimCategory.PoliceOfficer, 2)]));

        Assert.Empty(batch.Created);
        Assert.Single(batch.AddedSources);
        Assert.Equal(2, stored.Victims.Single().Count);
        Assert.Equal(stored.Id, Assert.Single(batch.Recorded).IncidentId);
        var version = Assert.Single(batch.Versions);
        Assert.Equal((2, ChangeKind.Merged), (version.Version, version.Kind));
    }

    [Fact]
    public void MergeBatch_RetractedCandidate_NotMergedInto()
    {
        var stored = Merge(Report("pnc", "a", s_june11)).Created.Single();
        stored.Retract();

        var batch = Merge([stored], Report("acled", "x", s_june11));

        Assert.Single(batch.Created);
        Assert.NotEqual(stored.Id, batch.Recorded.Single().IncidentId);
    }

    [Fact]
    public void MergeBatch_AlreadyRecordedRecord_SkippedButReported()
    {
        var incidentId = Guid.NewGuid();
        var report = Report("pnc", "a", s_june11);
        var recorded = new Dictionary<(string, string), Guid> { [("pnc", "a")] = incidentId };

        var batch = ReportMerger.MergeBatch([report, report with { ReportId = Guid.NewGuid() }], recorded, [], [], s_now);

        Assert.Empty(batch.Created);
        Assert.Empty(batch.Versions);
        Assert.Empty(batch.Changed);
        Assert.Equal(2, batch.Recorded.Count);
        Assert.All(batch.Recorded, r => Assert.Equal(incidentId, r.IncidentId));
    }

    [Fact]
    public void MergeBatch_CreateThenMerge_VersionsSayWhoAndWhy()
    {
        var first = Report("pnc", "a", s_june11);
        var second = Report("acled", "x", s_june11);

        var batch = Merge(first, second);

        Assert.Collection(batch.Versions,
            v =>
            {
                Assert.Equal((1L, ChangeKind.Created, "ingestion:pnc"), (v.Version, v.Kind, v.ChangedBy));
                Assert.Equal($"report {first.ReportId} from pnc", v.Reason);
                Assert.Single(v.ReadSnapshot().Sources);
            },
            v =>
            {
                Assert.Equal((2L, ChangeKind.Merged, "ingestion:acled"), (v.Version, v.Kind, v.ChangedBy));
                Assert.Equal($"report {second.ReportId} from acled", v.Reason);
                Assert.Equal(2, v.ReadSnapshot().Sources.Count);
                Assert.Equal(s_now, v.ChangedAt);
            });
    }

    [Fact]
    public void MergeBatch_NewerRevisionOfARecordedReport_RecomputesTheIncidentAsACorrectedVersion()
    {
        var original = Report("pnc", "a", s_june11, victims: [(VictimCategory.Civilian, 1)]);
        var incident = Merge(original).Created.Single();
        var corrected = original with { Revision = 2, Victims = [new VictimCount { Category = VictimCategory.Civilian, Count = 4 }] };

        var batch = ReportMerger.MergeBatch([corrected], new Dictionary<(string, string), Guid> { [("pnc", "a")] = incident.Id }, [], [incident], s_now);

        Assert.Empty(batch.Created);
        Assert.Equal(4, incident.Victims.Single().Count);
        Assert.Equal((2L, ChangeKind.Corrected), (incident.Version, Assert.Single(batch.Versions).Kind));
        Assert.StartsWith("corrected by source pnc", batch.Versions[0].Reason, StringComparison.Ordinal);
        Assert.Equal(2, incident.Sources.Single().Revision);
        Assert.Equal(incident.Id, Assert.Single(batch.Recorded).IncidentId);
    }

    [Fact]
    public void MergeBatch_SameRevisionAgain_ChangesNothing()
    {
        var original = Report("pnc", "a", s_june11);
        var incident = Merge(original).Created.Single();

        var batch = ReportMerger.MergeBatch([original], new Dictionary<(string, string), Guid> { [("pnc", "a")] = incident.Id }, [], [incident], s_now);

        Assert.Empty(batch.Versions);
        Assert.Empty(batch.Changed);
        Assert.Equal(1, incident.Version);
    }

    [Fact]
    public void Correct_OneOfTwoSourcesLowersItsCount_IncidentTakesTheMaximumOverTheCorrectedNumbers()
    {
        var pnc = Report("pnc", "a", s_june11, victims: [(VictimCategory.Civilian, 5)]);
        var acled = Report("acled", "x", s_june11, victims: [(VictimCategory.Civilian, 2)]);
        var incident = Merge(pnc, acled).Created.Single();

        var reason = ReportMerger.Correct(incident, pnc with { Revision = 2, Victims = [new VictimCount { Category = VictimCategory.Civilian, Count = 1 }] });

        Assert.NotNull(reason);
        Assert.Equal(2, incident.Victims.Single().Count);
    }

    [Fact]
    public void Withdraw_OneOfTwoSources_IncidentFollowsTheOtherAndTheWithdrawnOneStopsCounting()
    {
        var pnc = Report("pnc", "a", s_june11, victims: [(VictimCategory.Civilian, 5)]);
        var acled = Report("acled", "x", s_june11, victims: [(VictimCategory.Civilian, 2)]);
        var incident = Merge(pnc, acled).Created.Single();

        var kind = ReportMerger.Withdraw(incident, Withdrawal(pnc, 2), s_now);

        Assert.Equal(ChangeKind.Corrected, kind);
        Assert.Equal(2, incident.Victims.Single().Count);
        Assert.True(incident.IsActive);
        Assert.Equal([false, true], incident.Sources.Select(s => s.Counts));
    }

    [Fact]
    public void Withdraw_OnlySource_RetractsAndAResendReinstatesIt()
    {
        var pnc = Report("pnc", "a", s_june11);
        var incident = Merge(pnc).Created.Single();

        var kind = ReportMerger.Withdraw(incident, Withdrawal(pnc, 2), s_now);
        var stale = ReportMerger.Withdraw(incident, Withdrawal(pnc, 2), s_now);
        Assert.Equal(ChangeKind.Retracted, kind);
        Assert.Null(stale);
        Assert.False(incident.IsActive);

        var reason = ReportMerger.Correct(incident, pnc with { Revision = 3 });

        Assert.StartsWith("resent by source pnc after its deletion", reason, StringComparison.Ordinal);
        Assert.True(incident.IsActive);
        Assert.True(incident.Sources.Single().Counts);
    }

    [Fact]
    public void MergeBatch_MergedSource_SaysWhichRuleLinkedIt()
    {
        var batch = Merge(
            Report("pnc", "a", s_june11, victims: [(VictimCategory.Civilian, 1), (VictimCategory.PoliceOfficer, 1)]),
            Report("acled", "x", s_june11.AddDays(1), victims: [(VictimCategory.PoliceOfficer, 1)]));

        var sources = batch.Created.Single().Sources;

        Assert.Equal([LinkReason.FirstReport, LinkReason.MergeRule], sources.Select(s => s.LinkReason));
        Assert.Equal(
            "same place SV/SV-SM, type Homicide, 1 day(s) apart, victim categories overlap (PoliceOfficer), no earlier report from acled",
            sources[1].MergeReason);
    }

    private static WithdrawnReport Withdrawal(AcceptedReport report, int revision) => new()
    {
        ReportId = report.ReportId,
        Source = report.Source,
        SourceRecordId = report.SourceRecordId,
        Revision = revision,
        Reason = $"deleted by source {report.Source}",
    };
}
