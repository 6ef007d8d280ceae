using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics.Projection;
using Vigia.Statistics.Series;
using Vigia.Statistics.Tests.Support;

namespace Vigia.Statistics.Tests.Series;

/// <summary>
/// On SQLite (no INCLUDE), with the planner statistics the embedded default keeps (<see cref="SqlitePlannerStatistics"/>),
/// the daily rollup's series are read from an index that holds every column they need, the one whose leading columns
/// the series fixes: a department's series from the department's index, not every department's days of its type with
/// each row looked up again in the table.
/// </summary>
public sealed class DailyCountIndexTests
{
    private static readonly DatePeriod s_years = new(new DateOnly(2016, 1, 1), new DateOnly(2017, 12, 31));
    // El Salvador's fourteen departments.
    private static readonly string[] s_departments =
        ["SV-SS", "SV-SM", "SV-LI", "SV-SA", "SV-AH", "SV-CA", "SV-CH", "SV-CU", "SV-MO", "SV-PA", "SV-SO", "SV-SV", "SV-UN", "SV-US"];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task DepartmentSeries_OnSqlite_IsReadFromTheDepartmentsCoveringIndex(int departments)
    {
        var plan = await PlanOfAsync(
            new Selection { Countries = ["SV"], Admin1 = s_departments[..departments], IncidentTypes = [IncidentType.Homicide] }, GroupBy.Admin1,
            victimsADay: departments * 3);

        Assert.True(plan.Contains("USING COVERING INDEX IX_daily_counts_by_department (Admin1=? AND IncidentType=? AND OccurredOn>? AND OccurredOn<?)", StringComparison.Ordinal), plan);
    }

    [Fact]
    public async Task NationalSeriesOfAType_OnSqlite_IsReadFromTheTypesCoveringIndex()
    {
        var plan = await PlanOfAsync(new Selection { Countries = ["SV"], IncidentTypes = [IncidentType.Homicide] }, GroupBy.Country, victimsADay: s_departments.Length * 3);

        Assert.True(plan.Contains("USING COVERING INDEX IX_daily_counts_by_type (IncidentType=? AND OccurredOn>? AND OccurredOn<?)", StringComparison.Ordinal), plan);
    }

    private static async Task<string> PlanOfAsync(Selection selection, GroupBy groupBy, long victimsADay)
    {
        using var database = new SqliteStatisticsDatabase();
        await using (var db = database.CreateContext())
        {
            // Two years of days for every department and two types, as a store holds them.
            IncidentType[] types = [IncidentType.Homicide, IncidentType.Disappearance];
            for (var day = s_years.Start; day <= s_years.End; day = day.AddDays(1))
            {
                db.DailyCounts.AddRange(
                    from admin1 in s_departments
                    from type in types
                    select new DailyCount { Admin1 = admin1, OccurredOn = day, CountryCode = "SV", IncidentType = type, Incidents = 2, Victims = 3 });
            }

            await db.SaveChangesAsync();
            await SqlitePlannerStatistics.RefreshAsync(db, CancellationToken.None);
        }

        var plans = new QueryPlans();
        await using (var db = database.CreateContext(plans))
        {
            var counts = await new CountAggregation(db).ByDayAsync(selection, Measure.Victims, s_years, groupBy, asOf: null, CancellationToken.None);
            Assert.Equal((s_years.End.DayNumber - s_years.Start.DayNumber + 1) * victimsADay, counts.Sum(c => c.Value));
        }

        return Assert.Single(plans.Recorded, p => p.Sql.Contains("daily_counts", StringComparison.Ordinal)).Plan;
    }
}
