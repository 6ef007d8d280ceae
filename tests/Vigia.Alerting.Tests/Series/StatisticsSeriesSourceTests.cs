using Grpc.Core;
using Grpc.Core.Interceptors;
using Vigia.Alerting.Series;
using Vigia.Alerting.Tests.Grpc;
using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Series;

/// <summary>
/// Alerting reads its series from statistics as values alone; during a rolling upgrade a statistics replica that does
/// not know that field answers dated points, which must read as the same series.
/// </summary>
public sealed class StatisticsSeriesSourceTests : IAsyncLifetime
{
    private static readonly DateOnly s_first = new(2019, 3, 1);
    private static readonly Selection s_homicides = Selection.From(new Selector { IncidentTypes = { IncidentType.Homicide } });

    private InMemoryServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await AlertingHost.StartAsync();
        await _host.PublishBatchAsync([
            .. AlertingHost.YearOfHomicides(s_first, days: 40),
            .. AlertingHost.YearOfHomicides(s_first.AddDays(10), days: 5).Select(h => h with { Admin1 = "SV-LI" }),
        ]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetSeriesAsync_StatisticsAnswersDatedPoints_ReadsTheSameSeriesAsFromValues()
    {
        var (first, last) = (s_first.AddDays(-5), s_first.AddDays(60));
        var fromValues = await SourceOver(_host.Channel.Intercept(new Answer())).GetSeriesAsync(s_homicides, Measure.Incidents, GroupBy.Admin1, first, last, default);
        var fromPoints = await SourceOver(_host.Channel.Intercept(new Answer(asAnOlderReplica: true)))
            .GetSeriesAsync(s_homicides, Measure.Incidents, GroupBy.Admin1, first, last, default);

        Assert.Equal(["SV-LI", "SV-SS"], fromValues.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(fromValues.Keys.Order(StringComparer.Ordinal), fromPoints.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, expected) in fromValues)
        {
            Assert.Equal(first, fromPoints[key].Counts.FirstDate);
            Assert.Equal(expected.Counts.Counts, fromPoints[key].Counts.Counts);
            Assert.Equal(expected.Selection.ToSelector(), fromPoints[key].Selection.ToSelector());
        }

        Assert.Equal(5, fromValues["SV-LI"].Counts.Sum(s_first, s_first.AddDays(20)));
        Assert.Equal(0, fromValues["SV-LI"].Counts.CountOn(s_first));
        Assert.Equal(1, fromValues["SV-LI"].Counts.CountOn(s_first.AddDays(10)));
    }

    [Fact]
    public async Task GetSeriesAsync_ValuesNotOnePerDay_ThrowsNamingTheCounts()
    {
        var source = SourceOver(_host.Channel.Intercept(new Answer(dropLastValue: true)));

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            source.GetSeriesAsync(s_homicides, Measure.Incidents, GroupBy.None, s_first, s_first.AddDays(9), default));

        Assert.Contains("9 values for the 10 days from 2019-03-01 to 2019-03-10", error.Message, StringComparison.Ordinal);
    }

    private static StatisticsSeriesSource SourceOver(CallInvoker calls) => new(new StatisticsService.StatisticsServiceClient(calls));

    /// <summary>Statistics' answer as a replica without <c>values_only</c> gives it (points), or with one value missing.</summary>
    private sealed class Answer(bool asAnOlderReplica = false, bool dropLastValue = false) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (request is GetTimeSeriesRequest series)
            {
                Assert.True(series.ValuesOnly);
                if (asAnOlderReplica)
                {
                    series = series.Clone();
                    series.ValuesOnly = false;
                    request = (TRequest)(object)series;
                }
            }

            var call = continuation(request, context);
            return new AsyncUnaryCall<TResponse>(Altered(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        private async Task<TResponse> Altered<TResponse>(Task<TResponse> response)
        {
            var answer = await response;
            if (dropLastValue && answer is GetTimeSeriesResponse series)
            {
                foreach (var each in series.Series)
                {
                    each.Values.RemoveAt(each.Values.Count - 1);
                }
            }

            return answer;
        }
    }
}
