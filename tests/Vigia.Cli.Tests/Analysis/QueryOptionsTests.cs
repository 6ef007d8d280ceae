using Vigia.Cli.Analysis;
using Vigia.Common.V1;

namespace Vigia.Cli.Tests.Analysis;

public sealed class QueryOptionsTests
{
    [Theory]
    [InlineData("security_force_relative")]
    [InlineData("SECURITY_FORCE_RELATIVE")]
    [InlineData("VICTIM_CATEGORY_SECURITY_FORCE_RELATIVE")]
    public void EnumValue_SeriesKeyOrProtoName_Parses(string text)
    {
        Assert.Equal(VictimCategory.SecurityForceRelative, QueryOptions.EnumValue<VictimCategory>(text));
    }

    [Fact]
    public void EnumValue_UnknownOrUnspecified_ThrowsListingTheNames()
    {
        var error = Assert.Throws<ArgumentException>(() => QueryOptions.EnumValue<Granularity>("unspecified"));

        Assert.Contains("day, week, month, year", error.Message, StringComparison.Ordinal);
    }
}
