using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Statistics.Tests.Support;
using Vigia.Statistics.V1;
using static Vigia.Statistics.Tests.Support.Snapshots;

namespace Vigia.Statistics.Tests.Grpc;

/// <summary>
/// The read RPCs as_of an instant, through the service: three homicides recorded by the registry on 12 June 2017,
/// one of them amended on 1 July (one victim to four, San Salvador to San Miguel), another retracted on 1 August.
/// </summary>
public sealed class AsOfTests : IAsyncLifetime
{
    private static readonly DateTime s_recorded = new(2017, 6, 12, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime s_amended = new(2017, 7, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime s_retracted = new(2017, 8, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Timestamp s_beforeAmendment = Timestamp.FromDateTime(s_amended.AddDays(-1));
    private static readonly Timestamp s_betweenAmendmentAndRetraction = Timestamp.FromDateTime(s_amended.AddDays(1));
    private static readonly Timestamp s_afterRetraction = Timestamp.FromDateTime(s_retracted.AddDays(1));

    private StatisticsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await StatisticsHost.StartAsync();
        var amendedId = Guid.NewGuid();
        var retractedId = Guid.NewGuid();
        await _host.PublishAndWaitAsync(Batch(
            Homicide("2017-06-09", admin1: "SV-SS", victims: 1, id: amendedId) with { RecordedAt = s_recorded },
            Homicide("2017-06-10", admin1: "SV-SS", victims: 2, id: retractedId) with { RecordedAt = s_recorded },
            Homicide("2017-06-11", admin1: "SV-SA", victims: 1) with { RecordedAt = s_recorded }));
        await _host.PublishAsync(Batch(Homicide("2017-06-09", admin1: "SV-SM", victims: 4, id: amendedId, version: 2) with { RecordedAt = s_amended }));
        await _host.PublishAsync(Batch(Homicide("2017-06-10", admin1: "SV-SS", victims: 2, id: retractedId, version: 2) with { Retracted = true, RecordedAt = s_retracted }));
        await StatisticsHost.EventuallyAsync(async () => await VictimsAsync(asOf: null) is [4d, 0d, 1d], "the amendment and the retraction to be counted");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetTimeSeries_AsOfBeforeAmendment_OldFigures()
    {
        var victims = await VictimsAsync(s_beforeAmendment);

        Assert.Equal([1d, 2, 1], victims);
    }

    [Fact]
    public async Task GetTimeSeries_AsOfAfterAmendmentBeforeRetraction_AmendedFiguresRetractedStillCounted()
    {
        var victims = await VictimsAsync(s_betweenAmendmentAndRetraction);

        Assert.Equal([4d, 2, 1], victims);
    }

    [Fact]
    public async Task GetTimeSeries_AsOfAfterRetraction_SameAsNow()
    {
        Assert.Equal(await VictimsAsync(asOf: null), await VictimsAsync(s_afterRetraction));
    }

    [Fact]
    public async Task GetTimeSeries_AsOfBeforeAnythingWasRecorded_AllZeros()
    {
        var victims = await VictimsAsync(Timestamp.FromDateTime(s_recorded.AddSeconds(-1)));

        Assert.Equal([0d, 0, 0], victims);
    }

    [Fact]
    public async Task GetTimeSeries_AsOfBeforeAmendmentGroupedByDepartment_CountsWhereItWasThen()
    {
        var response = await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Measure = Measure.Incidents,
            Granularity = Granularity.Month,
            GroupBy = GroupBy.Admin1,
            Period = StatisticsHost.Period("2017-06-01", "2017-06-30"),
            AsOf = s_beforeAmendment,
        });

        Assert.Equal([("SV-SA", 1d), ("SV-SS", 2d)], response.Series.Select(s => (s.Key, s.Points.Single().Value)));
    }

    [Fact]
    public async Task ComparePeriods_AsOfBeforeAmendment_OldTotals()
    {
        var request = new ComparePeriodsRequest
        {
            Measure = Measure.Victims,
            BasePeriod = StatisticsHost.Period("2017-06-09", "2017-06-09"),
            ComparisonPeriod = StatisticsHost.Period("2017-06-10", "2017-06-11"),
        };

        var now = await _host.Client.ComparePeriodsAsync(request);
        request.AsOf = s_beforeAmendment;
        var then = await _host.Client.ComparePeriodsAsync(request);

        Assert.Equal((4d, 1d), (now.BaseTotal, now.ComparisonTotal));
        Assert.Equal((1d, 3d), (then.BaseTotal, then.ComparisonTotal));
    }

    [Fact]
    public async Task GetRate_AsOfBeforeRetraction_CountsTheRetractedIncident()
    {
        var request = new GetRateRequest
        {
            Selector = new Selector { Admin1 = { "SV-SS" } },
            Measure = Measure.Victims,
            Period = StatisticsHost.Period("2017-06-01", "2017-06-30"),
        };

        var now = await _host.Client.GetRateAsync(request);
        request.AsOf = s_betweenAmendmentAndRetraction;
        var then = await _host.Client.GetRateAsync(request);

        Assert.Equal(0d, now.Count);
        Assert.Equal(2d, then.Count);
        Assert.Equal(now.Population, then.Population);
    }

    [Fact]
    public async Task RankPlaces_AsOfBeforeAmendment_RanksWhereTheVictimsWereThen()
    {
        var request = new RankPlacesRequest
        {
            Measure = Measure.Victims,
            Period = StatisticsHost.Period("2017-06-01", "2017-06-30"),
            OrderBy = RankOrder.Count,
        };

        var now = await _host.Client.RankPlacesAsync(request);
        request.AsOf = s_beforeAmendment;
        var then = await _host.Client.RankPlacesAsync(request);

        Assert.Equal([("SV-SM", 4d), ("SV-SA", 1d)], now.Places.Select(p => (p.Place.Admin1, p.Count)));
        Assert.Equal([("SV-SS", 3d), ("SV-SA", 1d)], then.Places.Select(p => (p.Place.Admin1, p.Count)));
    }

    [Theory]
    [InlineData(3600)]
    [InlineData(-1_500_000_000)] // about 1979
    public async Task GetTimeSeries_AsOfInTheFutureOrBefore1990_InvalidArgumentNamingAsOf(long secondsFromNow)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Period = StatisticsHost.Period("2017-06-01", "2017-06-30"),
            AsOf = new Timestamp { Seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + secondsFromNow },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("as_of", Assert.Single(ErrorDetails.FieldViolations(error)).Field);
    }

    [Fact]
    public async Task GetTimeSeries_AsOfOutsideTheTimestampRange_InvalidArgumentNotInternal()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Period = StatisticsHost.Period("2017-06-01", "2017-06-30"),
            AsOf = new Timestamp { Seconds = long.MaxValue, Nanos = -1 },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("as_of", Assert.Single(ErrorDetails.FieldViolations(error)).Field);
    }

    /// <summary>Victims on 9, 10 and 11 June 2017, as known at <paramref name="asOf"/> (now when null).</summary>
    private async Task<double[]> VictimsAsync(Timestamp? asOf)
    {
        var response = await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Measure = Measure.Victims,
            Granularity = Granularity.Day,
            Period = StatisticsHost.Period("2017-06-09", "2017-06-11"),
            AsOf = asOf,
        });
        return [.. response.Series.Single().Points.Select(p => p.Value)];
    }
}
