using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Tests.Series;

public sealed class SeriesKeyTests
{
    private static readonly Selection s_homicidesOfRelatives = Selection.From(new Selector
    {
        IncidentTypes = { IncidentType.Homicide },
        VictimCategories = { VictimCategory.SecurityForceRelative },
    });

    [Fact]
    public void SeriesOf_GroupedByDepartment_NarrowsTheRuleSelectorToCountryAndDepartment()
    {
        var key = Assert.Single(SeriesKeys.SeriesOf(s_homicidesOfRelatives, GroupBy.Admin1, Incident("SV-SM")));

        Assert.Equal("SV-SM", key.Key);
        Assert.Equal(["SV"], key.Selection.Countries);
        Assert.Equal(["SV-SM"], key.Selection.Admin1);
        Assert.Equal([IncidentType.Homicide], key.Selection.IncidentTypes);
    }

    [Fact]
    public void SeriesOf_GroupedByDepartmentWithoutOne_IsInNoSeries() =>
        Assert.Empty(SeriesKeys.SeriesOf(s_homicidesOfRelatives, GroupBy.Admin1, Incident(admin1: null)));

    [Fact]
    public void Matches_CategoryWithoutVictims_DoesNotMatch()
    {
        var incident = Incident("SV-SM") with
        {
            Victims = [new VictimCount { Category = VictimCategory.SecurityForceRelative, Count = 0 }],
        };

        Assert.False(s_homicidesOfRelatives.Matches(incident));
        Assert.True(s_homicidesOfRelatives.Matches(Incident("SV-SM")));
    }

    [Fact]
    public void IsWithin_NationwideSeriesAndDepartmentFilter_IsNotWithin()
    {
        var nationwide = Selection.From(new Selector { CountryCodes = { "SV" } });

        Assert.False(nationwide.IsWithin(Selection.From(new Selector { Admin1 = { "SV-SM" } })));
        Assert.True(nationwide.IsWithin(Selection.From(new Selector { CountryCodes = { "sv" } })));
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
