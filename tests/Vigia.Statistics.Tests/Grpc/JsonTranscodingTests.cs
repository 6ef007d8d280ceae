using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Vigia.Statistics.Tests.Support;
using static Vigia.Statistics.Tests.Support.Snapshots;

namespace Vigia.Statistics.Tests.Grpc;

/// <summary>The read RPCs over plain HTTP/JSON (gRPC JSON transcoding), as curl, R or pandas would call them.</summary>
public sealed class JsonTranscodingTests : IAsyncLifetime
{
    private StatisticsHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await StatisticsHost.StartAsync();
        _http = _host.Host.CreateHttpClient();
        await _host.PublishAndWaitAsync(Batch(
            Homicide("2017-06-03", victims: 2),
            Homicide("2017-06-03", victims: 1),
            Homicide("2017-06-05", victims: 4)));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task GetTimeSeries_HttpGetWithQueryParameters_ReturnsTheSeriesAsJson()
    {
        var response = await _http.GetAsync(new Uri(
            "/v1/statistics/time-series?measure=MEASURE_VICTIMS&granularity=GRANULARITY_DAY" +
            "&period.startDate.year=2017&period.startDate.month=6&period.startDate.day=3" +
            "&period.endDate.year=2017&period.endDate.month=6&period.endDate.day=5", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var series = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("series").EnumerateArray());
        Assert.Equal("all", series.GetProperty("key").GetString());
        Assert.Equal([3d, 0, 4], series.GetProperty("points").EnumerateArray().Select(p => p.TryGetProperty("value", out var v) ? v.GetDouble() : 0));
    }

    [Fact]
    public async Task GetTimeSeries_HttpPostOfTheRequestAsJson_ReturnsTheSeries()
    {
        var response = await _http.PostAsJsonAsync(new Uri("/v1/statistics:getTimeSeries", UriKind.Relative), new
        {
            measure = "MEASURE_INCIDENTS",
            granularity = "GRANULARITY_MONTH",
            period = new { startDate = new { year = 2017, month = 6, day = 1 }, endDate = new { year = 2017, month = 6, day = 30 } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var point = Assert.Single(Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("series").EnumerateArray())
            .GetProperty("points").EnumerateArray());
        Assert.Equal(3, point.GetProperty("value").GetDouble());
        Assert.Equal(6, point.GetProperty("date").GetProperty("month").GetInt32());
    }

    [Fact]
    public async Task GetTimeSeries_HttpPostMissingPeriod_BadRequestNamingTheField()
    {
        var response = await _http.PostAsJsonAsync(new Uri("/v1/statistics:getTimeSeries", UriKind.Relative), new { measure = "MEASURE_INCIDENTS" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("period", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
