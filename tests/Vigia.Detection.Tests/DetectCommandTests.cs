using System.CommandLine;
using Vigia.Cli.Detect;

namespace Vigia.Detection.Tests;

public class DetectCommandTests
{
    [Fact]
    public void FromRows_SevenDaySpacing_IsWeeklyAndGapsAreZero()
    {
        var series = CountSeries.FromRows("s", [(new DateOnly(2017, 1, 2), 3), (new DateOnly(2017, 1, 23), 5), (new DateOnly(2017, 1, 9), 1)]);

        Assert.Equal(SeriesFrequency.Weekly, series.Frequency);
        Assert.Equal(new DateOnly(2017, 1, 2), series.FirstDate);
        Assert.Equal([3.0, 1.0, 0.0, 5.0], series.Counts);
    }

    [Fact]
    public void FromRows_DailyWithMissingAndRepeatedDates_FillsZerosAndAddsUp()
    {
        var series = CountSeries.FromRows("s", [(new DateOnly(2017, 6, 9), 2), (new DateOnly(2017, 6, 12), 1), (new DateOnly(2017, 6, 9), 1)]);

        Assert.Equal(SeriesFrequency.Daily, series.Frequency);
        Assert.Equal([3.0, 0.0, 0.0, 1.0], series.Counts);
        Assert.Equal(new DateOnly(2017, 6, 12), series.DateAt(3));
    }

    [Fact]
    public void Read_BadDate_NamesTheLine()
    {
        var error = Assert.Throws<InvalidDataException>(() => SeriesCsv.Read(new StringReader("series_id,date,count\na,2017-06-11,2\na,11/06/2017,1\n")));

        Assert.Contains("Line 3", error.Message);
    }

    [Fact]
    public void Read_MissingColumn_Throws()
    {
        Assert.Throws<InvalidDataException>(() => SeriesCsv.Read(new StringReader("series,date,count\na,2017-06-11,2\n")));
    }

    [Fact]
    public void Detect_SampleFile_WritesTheAlarmsWithTheirEvidence()
    {
        var input = Path.Combine(AppContext.BaseDirectory, "samples", "series.csv");
        var output = Path.Combine(Path.GetTempPath(), $"vigia-alarms-{Guid.NewGuid():N}.csv");
        try
        {
            var root = new RootCommand { DetectCommand.Create() };

            var code = root.Parse(["detect", "--input", input, "--output", output, "--evidence"]).Invoke();

            Assert.Equal(0, code);
            var lines = File.ReadAllLines(output);
            Assert.Equal("series_id,alert_date,observed,expected,upper_bound,score,method,window", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("relatives-of-security-forces,2017-06-12,3,", StringComparison.Ordinal) && l.EndsWith(",nb-window,2", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("homicides-el-salvador,2017-06-09,25,", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("police-killed-weekly,2016-11-14,", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Detect_ThresholdDetector_AlarmsOnJune12Only()
    {
        var input = Path.Combine(Path.GetTempPath(), $"vigia-series-{Guid.NewGuid():N}.csv");
        var output = Path.Combine(Path.GetTempPath(), $"vigia-alarms-{Guid.NewGuid():N}.csv");
        File.WriteAllText(input, "series_id,date,count\nrel,2017-06-01,0\nrel,2017-06-11,2\nrel,2017-06-12,1\n");
        try
        {
            var root = new RootCommand { DetectCommand.Create() };

            var code = root.Parse(["detect", "-i", input, "-o", output, "--detector", "threshold"]).Invoke();

            Assert.Equal(0, code);
            Assert.Equal(["series_id,alert_date", "rel,2017-06-12"], File.ReadAllLines(output));
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }
}
