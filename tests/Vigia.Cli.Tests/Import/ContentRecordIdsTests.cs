using Vigia.Cli.Import;

namespace Vigia.Cli.Tests.Import;

public class ContentRecordIdsTests
{
    [Fact]
    public void Next_IdenticalRows_GetDistinctIdsThatRepeatOnASecondReading()
    {
        string[] row = ["ANTIOQUIA", "MEDELLÍN (CT)", "2011-01-01", "1"];
        var first = new ContentRecordIds();
        var second = new ContentRecordIds();

        var firstIds = new[] { first.Next(row), first.Next(row), first.Next(["VALLE", "CALI (CT)", "2011-01-01", "1"]) };
        var secondIds = new[] { second.Next(row), second.Next(row), second.Next(["VALLE", "CALI (CT)", "2011-01-01", "1"]) };

        Assert.Equal(3, firstIds.Distinct().Count());
        Assert.Equal(firstIds, secondIds);
    }
}
