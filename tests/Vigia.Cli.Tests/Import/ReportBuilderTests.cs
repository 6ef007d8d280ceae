using Vigia.Cli.Import;
using Vigia.Common.V1;

namespace Vigia.Cli.Tests.Import;

public class ReportBuilderTests
{
    [Fact]
    public void Build_VictimsInSpanishAndContractNames_MapsEachCategoryAndCount()
    {
        var row = ReportBuilder.Build(2, Fields(("victims", "civil:2; VICTIM_CATEGORY_POLICE_OFFICER:1;familiar de policía:3")), "fallback");

        Assert.Equal(
            [(VictimCategory.Civilian, 2), (VictimCategory.PoliceOfficer, 1), (VictimCategory.SecurityForceRelative, 3)],
            row.Report!.Victims.Select(v => (v.Category, v.Count)));
    }

    [Fact]
    public void Build_ImpossibleDate_IsPassedOnForIngestionToJudge()
    {
        var row = ReportBuilder.Build(2, Fields(("occurred_on", "2021-02-30")), "fallback");

        Assert.Equal(new Google.Type.Date { Year = 2021, Month = 2, Day = 30 }, row.Report!.OccurredOn);
    }

    [Fact]
    public void Build_UnreadableFields_RejectsTheRowNamingEachField()
    {
        var row = ReportBuilder.Build(9, Fields(("occurred_on", "11/06/2017"), ("victims", "civil:x"), ("incident_type", "picnic")), "fallback");

        Assert.Null(row.Report);
        Assert.Equal(["occurred_on", "incident_type", "victims"], row.Rejects.Select(r => r.Field));
        Assert.All(row.Rejects, r => Assert.Equal(9, r.RowNumber));
    }

    [Fact]
    public void Build_NoRecordId_UsesTheFallbackAndAGivenOneWins()
    {
        Assert.Equal("fallback", ReportBuilder.Build(2, Fields(), "fallback").Report!.SourceRecordId);
        Assert.Equal("given", ReportBuilder.Build(2, Fields(("source_record_id", "given")), "fallback").Report!.SourceRecordId);
    }

    [Fact]
    public void Build_VictimCountWithCategory_IsOneEntryOfThatMany()
    {
        var row = ReportBuilder.Build(2, Fields(("victim_count", "3"), ("victim_category", "UNKNOWN")), "fallback");

        Assert.Equal((VictimCategory.Unknown, 3), (Assert.Single(row.Report!.Victims).Category, row.Report.Victims[0].Count));
    }

    private static Dictionary<string, string> Fields(params (string Field, string Text)[] fields) =>
        fields.ToDictionary(f => f.Field, f => f.Text, StringComparer.Ordinal);
}
