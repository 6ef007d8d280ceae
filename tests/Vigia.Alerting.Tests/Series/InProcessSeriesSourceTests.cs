using Microsoft.Extensions.DependencyInjection;
using Vigia.Alerting.Series;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.Standalone;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Series;

/// <summary>
/// The embedded default reads alerting's series from statistics' query in the same process: it must answer exactly
/// what the GetTimeSeries call answers, series for series and day for day.
/// </summary>
public sealed class InProcessSeriesSourceTests : IAsyncLifetime
{
    private static readonly DateOnly s_first = new(2019, 3, 1);

    private InMemoryServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await AlertingHost.StartAsync();
        await _host.PublishBatchAsync([
            .. AlertingHost.YearOfHomicides(s_first, days: 120),
            .. AlertingHost.YearOfHomicides(s_first.AddDays(30), days: 10).Select(h => h with { Admin1 = "SV-LI" }),
            AlertingHost.RelativesKilled(s_first.AddDays(45), victims: 3),
            AlertingHost.RelativesKilled(s_first.AddDays(46)),
        ]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<Selector, Measure, GroupBy, bool> Requests => new()
    {
        { new Selector { IncidentTypes = { IncidentType.Homicide } }, Measure.Victims, GroupBy.Admin1, true },
        { new Selector { CountryCodes = { "SV" }, VictimCategories = { VictimCategory.SecurityForceRelative } }, Measure.Unspecified, GroupBy.None, true },
        { new Selector { Admin1 = { "SV-SS", "SV-AH" } }, Measure.Incidents, GroupBy.Admin1, true },
        { new Selector { IncidentTypes = { IncidentType.Extortion } }, Measure.Incidents, GroupBy.IncidentType, false },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task GetSeriesAsync_SameRequest_AnswersWhatTheGetTimeSeriesCallAnswers(Selector selector, Measure measure, GroupBy groupBy, bool counted)
    {
        var selection = Selection.From(selector);
        var (first, last) = (s_first.AddDays(-20), s_first.AddDays(150));
        await using var scope = _host.Services.CreateAsyncScope();
        var overGrpc = await new StatisticsSeriesSource(scope.ServiceProvider.GetRequiredService<StatisticsService.StatisticsServiceClient>())
            .GetSeriesAsync(selection, measure, groupBy, first, last, default);

        var inProcess = await new InProcessSeriesSource(_host.Services.GetRequiredService<IServiceScopeFactory>())
            .GetSeriesAsync(selection, measure, groupBy, first, last, default);

        Assert.NotEmpty(overGrpc);
        Assert.Equal(counted, overGrpc.Values.Any(s => s.Counts.Counts.Any(c => c > 0)));
        Assert.Equal(overGrpc.Keys.Order(StringComparer.Ordinal), inProcess.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, expected) in overGrpc)
        {
            var actual = inProcess[key];
            Assert.Equal(expected.Selection.ToSelector(), actual.Selection.ToSelector());
            Assert.Equal(expected.Counts.FirstDate, actual.Counts.FirstDate);
            Assert.Equal(expected.Counts.Counts, actual.Counts.Counts);
        }
    }
}
