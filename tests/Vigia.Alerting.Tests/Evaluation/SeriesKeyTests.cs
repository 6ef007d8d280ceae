using Vigia.Alerting.Evaluation;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;

namespace Vigia.Alerting.Tests.Evaluation;

public sealed class SeriesKeyTests
{
    private static readonly Selector s_homicidesOfRelatives = new()
    {
        IncidentTypes = { IncidentType.Homicide },
        VictimCategories = { VictimCategory.SecurityForceRelative },
    };

    [Fact]
    public void Of_GroupedByDepartment_NarrowsTheRuleSelectorToCountryAndDepartment()
    {
        var key = Assert.Single(SeriesKey.Of(s_homicidesOfRelatives, GroupBy.Admin1, Incident("SV-SM")));

        Assert.Equal("SV-SM", key.Key);
        Assert.Equal(["SV"], key.Series.CountryCodes);
        Assert.Equal(["SV-SM"], key.Series.Admin1);
        Assert.Equal([IncidentType.Homicide], key.Series.IncidentTypes);
    }

    [Fact]
    public void Of_GroupedByDepartmentWithoutOne_IsInNoSeries() =>
        Assert.Empty(SeriesKey.Of(s_homicidesOfRelatives, GroupBy.Admin1, Incident(admin1: null)));

    [Fact]
    public void Matches_CategoryWithoutVictims_DoesNotMatch()
    {
        var incident = Incident("SV-SM") with
        {
            Victims = [new VictimCount { Category = VictimCategory.SecurityForceRelative, Count = 0 }],
        };

        Assert.False(SelectorMatch.Matches(s_homicidesOfRelatives, incident));
        Assert.True(SelectorMatch.Matches(s_homicidesOfRelatives, Incident("SV-SM")));
    }

    [Fact]
    public void IsWithin_NationwideSeriesAndDepartmentFilter_IsNotWithin()
    {
        var nationwide = new Selector { CountryCodes = { "SV" } };

        Assert.False(SelectorMatch.IsWithin(nationwide, new Selector { Admin1 = { "SV-SM" } }));
        Assert.True(SelectorMatch.IsWithin(nationwide, new Selector { CountryCodes = { "sv" } }));
    }

    private static IncidentSnapshot Incident(string? admin1) => new()
    {
        IncidentId = Guid.NewGuid(),
        Version = 1,
        OccurredOn = new DateOnly(2017, 6, 11),
        DatePrecision = DatePrecision.Day,
        CountryCode = "SV",
        Admin1 = admin1,
        IncidentType = IncidentType.Homicide,
        Victims = [new VictimCount { Category = VictimCategory.SecurityForceRelative, Count = 2 }],
        Perpetrator = "MS13",
        Retracted = false,
    };
}
