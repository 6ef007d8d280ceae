using Google.Protobuf.WellKnownTypes;
using Vigia.Alerting.V1;
using Vigia.Cli.Analysis;
using Vigia.Common.V1;

namespace Vigia.Cli.Tests.Analysis;

public sealed class PlottedAlertTests
{
    private static readonly DateOnly s_from = new(2017, 6, 1);
    private static readonly DateOnly s_to = new(2017, 6, 30);

    [Fact]
    public void For_AlertOfThePlottedCategoryInThePeriod_IsMarked()
    {
        var plotted = new Selector { VictimCategories = { VictimCategory.SecurityForceRelative } };

        var marked = PlottedAlert.For([Alert("2017-06-10", "2017-06-11", VictimCategory.SecurityForceRelative)], plotted, s_from, s_to);

        Assert.Equal(new DateOnly(2017, 6, 10), Assert.Single(marked).Start);
    }

    [Fact]
    public void For_AlertOfAnotherCategoryOrOutsideThePeriod_IsLeftOut()
    {
        var plotted = new Selector { VictimCategories = { VictimCategory.SecurityForceRelative } };

        var marked = PlottedAlert.For(
            [Alert("2017-06-10", "2017-06-11", VictimCategory.Civilian), Alert("2017-07-02", "2017-07-03", VictimCategory.SecurityForceRelative)],
            plotted, s_from, s_to);

        Assert.Empty(marked);
    }

    private static Alert Alert(string start, string end, VictimCategory category)
    {
        var (from, to) = (DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
        return new Alert
        {
            RuleId = "security-force-relatives-killed",
            Series = new Selector { CountryCodes = { "SV" }, VictimCategories = { category } },
            Window = QueryOptions.PeriodOf(from, to),
            Observed = 3,
            OpenTime = Timestamp.FromDateTime(DateTime.SpecifyKind(to.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc)),
        };
    }
}
