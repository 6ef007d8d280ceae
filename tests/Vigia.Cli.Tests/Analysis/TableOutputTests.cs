using Vigia.Cli.Analysis;

namespace Vigia.Cli.Tests.Analysis;

public sealed class TableOutputTests
{
    [Fact]
    public void Write_Csv_HeaderThenOneLinePerRow()
    {
        var writer = new StringWriter();

        TableOutput.Write(writer, csv: true, ["date", "all"], [["2017-06-10", "2"], ["2017-06-11", "1"]]);

        Assert.Equal("date,all\n2017-06-10,2\n2017-06-11,1\n", writer.ToString());
    }

    [Fact]
    public void Write_Table_ShowsHeadersAndCells()
    {
        var writer = new StringWriter();

        TableOutput.Write(writer, csv: false, ["date", "all"], [["2017-06-10", "2"]]);

        var text = writer.ToString();
        Assert.Contains("date", text, StringComparison.Ordinal);
        Assert.Contains("2017-06-10", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",", text, StringComparison.Ordinal);
    }
}
