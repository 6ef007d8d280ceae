using Vigia.Common.V1;
using Vigia.Statistics.Series;

namespace Vigia.Statistics.Tests.Series;

public sealed class TimeBucketsTests
{
    [Theory]
    [InlineData("2017-01-01", Granularity.Week, "2016-12-26")]
    [InlineData("2017-01-02", Granularity.Week, "2017-01-02")]
    [InlineData("2017-06-11", Granularity.Week, "2017-06-05")]
    [InlineData("2016-02-29", Granularity.Month, "2016-02-01")]
    [InlineData("2016-02-29", Granularity.Year, "2016-01-01")]
    [InlineData("2016-02-29", Granularity.Day, "2016-02-29")]
    public void StartOf_Date_IsTheBucketsFirstDay(string date, Granularity granularity, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            TimeBuckets.StartOf(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), granularity));

    [Theory]
    [InlineData(Granularity.Day)]
    [InlineData(Granularity.Week)]
    [InlineData(Granularity.Month)]
    [InlineData(Granularity.Year)]
    public void Count_AnyPeriod_MatchesTheListedStarts(Granularity granularity)
    {
        var period = new DatePeriod(new DateOnly(2015, 12, 31), new DateOnly(2017, 3, 6));

        Assert.Equal(TimeBuckets.Starts(period, granularity).Count, TimeBuckets.Count(period, granularity));
    }
}
