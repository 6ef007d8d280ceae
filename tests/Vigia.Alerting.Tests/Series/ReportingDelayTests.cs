using Vigia.Alerting.Series;
using Vigia.Alerting.Tests.Grpc;

namespace Vigia.Alerting.Tests.Series;

/// <summary>A series' reporting delay, learned from when the registry recorded its incidents.</summary>
public sealed class ReportingDelayTests
{
    private static readonly DateOnly s_day = new(2026, 3, 1);

    [Fact]
    public void Of_NineInTenRecordedWithinTwoDays_IsTwoDays()
    {
        var counts = "";
        foreach (var days in new[] { 0, 1, 1, 2, 2, 2, 2, 2, 2, 9 })
        {
            counts = ReportingDelay.Add(counts, days);
        }

        Assert.Equal(2, ReportingDelay.Of(counts));
    }

    [Fact]
    public void Of_NothingRecordedYet_IsZero() => Assert.Equal(0, ReportingDelay.Of(""));

    [Fact]
    public void DaysOf_RecordedThreeDaysAfterTheDay_IsThree()
    {
        var incident = AlertingHost.RelativesKilled(s_day) with { RecordedAt = s_day.AddDays(3).ToDateTime(new TimeOnly(23, 59), DateTimeKind.Utc) };

        Assert.Equal(3, ReportingDelay.DaysOf(incident));
    }

    [Fact]
    public void DaysOf_HistoryLoadedYearsLater_SaysNothingAboutTheDelay()
    {
        var incident = AlertingHost.RelativesKilled(new DateOnly(2017, 6, 11)) with { RecordedAt = s_day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) };

        Assert.Null(ReportingDelay.DaysOf(incident));
        Assert.Null(ReportingDelay.DaysOf(AlertingHost.RelativesKilled(s_day)));
    }

    [Fact]
    public void IncompleteFrom_ThreeDayDelay_LeavesTheLastThreeDaysIncomplete()
    {
        var today = s_day.AddDays(10);

        var incompleteFrom = ReportingDelay.IncompleteFrom(today, 3);

        Assert.Equal(today.AddDays(-2), incompleteFrom);
        Assert.Equal(today, ReportingDelay.CompleteOn(today.AddDays(-3), 3));
        Assert.Equal(today.AddDays(1), ReportingDelay.IncompleteFrom(today, 0));
    }
}
